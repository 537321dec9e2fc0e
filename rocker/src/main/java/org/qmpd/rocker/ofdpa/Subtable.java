package org.qmpd.rocker.ofdpa;

import java.util.Arrays;
import java.util.Comparator;
import java.util.TreeMap;

/**
 * The flows of one table that share one mask, hashed by their masked key: a frame's fields,
 * masked the same way, find every flow of this mask that matches them in one probe (the
 * tuple-space search of Open vSwitch). Flows with equal masked keys share an entry, best
 * first. Not thread-safe: {@link OfDpaWorld} guards it.
 */
final class Subtable {
    private static final Comparator<Flow> BEST_FIRST =
            Comparator.comparingLong((Flow f) -> -f.rank).thenComparingLong(Flow::cookie);

    private static final class Entry {
        final long hash;
        final long[] masked;
        Flow[] flows;
        Entry next;

        Entry(long hash, long[] masked, Flow flow) {
            this.hash = hash;
            this.masked = masked;
            this.flows = new Flow[] {flow};
        }
    }

    final FlowKey maskKey;
    private final long[] mask;
    private final int[] words;
    private Entry[] buckets = new Entry[16];
    private int entries;
    private int flows;
    /** How many flows have each rank, for {@link #maxRank} after removals. */
    private final TreeMap<Long, Integer> ranks = new TreeMap<>();
    long maxRank = -1;

    Subtable(FlowKey mask) {
        this.maskKey = mask.copy();
        this.mask = maskKey.w;
        int n = 0;
        int[] used = new int[FlowKey.WORDS];
        for (int i = 0; i < FlowKey.WORDS; i++) {
            if (mask.w[i] != 0) {
                used[n++] = i;
            }
        }
        this.words = Arrays.copyOf(used, n);
    }

    int size() {
        return flows;
    }

    private long hash(long[] fields) {
        long h = 0x9E37_79B9_7F4A_7C15L;
        for (int i : words) {
            h = (h ^ (fields[i] & mask[i])) * 0xff51_afd7_ed55_8ccdL;
            h ^= h >>> 32;
        }
        return h;
    }

    private boolean same(Entry e, long[] fields) {
        for (int i : words) {
            if (e.masked[i] != (fields[i] & mask[i])) {
                return false;
            }
        }
        return true;
    }

    /** The best flow of this mask matching {@code fields}, or null. */
    Flow lookup(long[] fields) {
        long h = hash(fields);
        for (Entry e = buckets[(int) h & buckets.length - 1]; e != null; e = e.next) {
            if (e.hash == h && same(e, fields)) {
                return e.flows[0];
            }
        }
        return null;
    }

    void add(Flow flow) {
        long[] k = flow.keyRef().w;
        long h = hash(k);
        int slot = (int) h & buckets.length - 1;
        for (Entry e = buckets[slot]; e != null; e = e.next) {
            if (e.hash == h && same(e, k)) {
                Flow[] grown = Arrays.copyOf(e.flows, e.flows.length + 1);
                grown[e.flows.length] = flow;
                Arrays.sort(grown, BEST_FIRST);
                e.flows = grown;
                count(flow, +1);
                return;
            }
        }
        long[] masked = new long[FlowKey.WORDS];
        for (int i : words) {
            masked[i] = k[i] & mask[i];
        }
        Entry e = new Entry(h, masked, flow);
        e.next = buckets[slot];
        buckets[slot] = e;
        count(flow, +1);
        if (++entries > buckets.length * 3 / 4) {
            grow();
        }
    }

    /** Removes {@code flow} (the same object that was added); false if it is not here. */
    boolean remove(Flow flow) {
        long[] k = flow.keyRef().w;
        long h = hash(k);
        int slot = (int) h & buckets.length - 1;
        Entry prev = null;
        for (Entry e = buckets[slot]; e != null; prev = e, e = e.next) {
            if (e.hash != h || !same(e, k)) {
                continue;
            }
            int at = -1;
            for (int i = 0; i < e.flows.length; i++) {
                if (e.flows[i] == flow) {
                    at = i;
                }
            }
            if (at < 0) {
                return false;
            }
            count(flow, -1);
            if (e.flows.length > 1) {
                Flow[] shrunk = new Flow[e.flows.length - 1];
                System.arraycopy(e.flows, 0, shrunk, 0, at);
                System.arraycopy(e.flows, at + 1, shrunk, at, shrunk.length - at);
                e.flows = shrunk;
            } else if (prev == null) {
                buckets[slot] = e.next;
                entries--;
            } else {
                prev.next = e.next;
                entries--;
            }
            return true;
        }
        return false;
    }

    private void count(Flow flow, int delta) {
        flows += delta;
        ranks.merge(flow.rank, delta, (a, b) -> a + b == 0 ? null : a + b);
        maxRank = ranks.isEmpty() ? -1 : ranks.lastKey();
    }

    private void grow() {
        Entry[] old = buckets;
        buckets = new Entry[old.length * 2];
        for (Entry head : old) {
            for (Entry e = head; e != null;) {
                Entry next = e.next;
                int slot = (int) e.hash & buckets.length - 1;
                e.next = buckets[slot];
                buckets[slot] = e;
                e = next;
            }
        }
    }
}
