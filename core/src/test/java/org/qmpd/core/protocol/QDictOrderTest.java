package org.qmpd.core.protocol;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class QDictOrderTest {
    @Test
    void bucketsMatchQemuTdbHash() {
        // Values computed from QEMU's tdb_hash(key) % 512.
        assertEquals(401, QDictOrder.bucket("return"));
        assertEquals(486, QDictOrder.bucket("id"));
        assertEquals(489, QDictOrder.bucket("error"));
        assertEquals(225, QDictOrder.bucket("micro"));
        assertEquals(225, QDictOrder.bucket("minor"));
    }

    @Test
    void newestEntryOfABucketComesFirst() {
        String[] keys = {"major", "minor", "micro"};
        QDictOrder.sort(keys, keys.length);
        assertArrayEquals(new String[] {"micro", "minor", "major"}, keys);
    }
}
