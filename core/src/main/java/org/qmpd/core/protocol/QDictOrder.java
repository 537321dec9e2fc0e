package org.qmpd.core.protocol;

import java.nio.charset.StandardCharsets;

/**
 * The order in which QEMU 2.4 iterates a QDict, and so the order of members in everything it
 * sends and of the checks it makes on what it receives: by bucket ({@code tdb_hash(key) % 512}),
 * and within a bucket the newest entry first. Replaying it keeps our output byte for byte and
 * our choice of the first error the same as QEMU's.
 */
public final class QDictOrder {
    static final int BUCKETS = 512;

    private QDictOrder() {
    }

    /** The bucket QEMU's {@code qdict_put} files {@code key} under. */
    public static int bucket(String key) {
        byte[] bytes = key.getBytes(StandardCharsets.UTF_8);
        int value = 0x238F13AF * bytes.length;
        for (int i = 0; i < bytes.length; i++) {
            value += (bytes[i] & 0xFF) << (i * 5 % 24);
        }
        return Integer.remainderUnsigned(1103515243 * value + 12345, BUCKETS);
    }

    /**
     * Sorts {@code keys}, given in insertion order, into QDict iteration order, in place.
     * Insertion sort: dicts are small and this keeps ties stable.
     */
    public static void sort(String[] keys, int count) {
        int[] buckets = new int[count];
        int[] inserted = new int[count];
        for (int i = 0; i < count; i++) {
            buckets[i] = bucket(keys[i]);
            inserted[i] = i;
        }
        for (int i = 1; i < count; i++) {
            String key = keys[i];
            int b = buckets[i];
            int n = inserted[i];
            int j = i - 1;
            while (j >= 0 && (buckets[j] > b || (buckets[j] == b && inserted[j] < n))) {
                keys[j + 1] = keys[j];
                buckets[j + 1] = buckets[j];
                inserted[j + 1] = inserted[j];
                j--;
            }
            keys[j + 1] = key;
            buckets[j + 1] = b;
            inserted[j + 1] = n;
        }
    }
}
