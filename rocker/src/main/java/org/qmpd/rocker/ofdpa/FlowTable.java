package org.qmpd.rocker.ofdpa;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.StampedLock;

/**
 * One OF-DPA flow table, indexed for lookup: a {@link Subtable} per distinct mask, visited in
 * order of the best rank each holds, so that a lookup costs one hash probe per mask and stops
 * as soon as no remaining mask can hold a better flow. The cost does not grow with the number
 * of flows that share a mask (all the MACs of a bridge, all the /24 routes).
 * Changes happen under the world's write lock, lookups under its read lock.
 */
final class FlowTable {
    private final StampedLock lock;
    private final Map<FlowKey, Subtable> byMask = new HashMap<>();
    private Subtable[] ordered = new Subtable[0];

    FlowTable(StampedLock lock) {
        this.lock = lock;
    }

    /** A table of its own, for tests. */
    FlowTable() {
        this(new StampedLock());
    }

    /**
     * Finds the best flow matching a frame's fields (highest priority, then longest prefix)
     * and leaves its place in {@code c.hitSub} and {@code c.hitSlot}; false if none matches.
     */
    boolean lookup(long[] fields, PacketContext c) {
        Subtable found = null;
        int foundSlot = -1;
        long bestRank = -1;
        for (Subtable st : ordered) {
            if (st.maxRank <= bestRank) {
                break;
            }
            int s = st.find(fields);
            if (s >= 0) {
                long r = st.rankAt(s);
                if (r > bestRank) {
                    found = st;
                    foundSlot = s;
                    bestRank = r;
                }
            }
        }
        if (found == null) {
            return false;
        }
        c.hitSub = found;
        c.hitSlot = foundSlot;
        return true;
    }

    /**
     * Starts loading the slot a lookup of {@code fields} will read first, in the first
     * (best-ranked) mask: a software prefetch, so that two lookups' cache misses overlap.
     */
    long touch(long[] fields) {
        Subtable[] o = ordered;
        return o.length == 0 ? 0 : o[0].touch(fields);
    }

    /** The best flow matching a frame's fields, or null (off the data path). */
    Flow lookup(long[] fields) {
        Flow best = null;
        for (Subtable st : ordered) {
            if (best != null && st.maxRank <= best.rank) {
                break;
            }
            int s = st.find(fields);
            if (s >= 0 && (best == null || st.flowAt(s).rank > best.rank)) {
                best = st.flowAt(s);
            }
        }
        return best;
    }

    void add(Flow flow) {
        byMask.computeIfAbsent(flow.maskRef(), m -> new Subtable(m, lock)).add(flow);
        reorder();
    }

    void remove(Flow flow) {
        Subtable st = byMask.get(flow.maskRef());
        if (st != null && st.remove(flow)) {
            if (st.size() == 0) {
                byMask.remove(st.maskKey);
            }
            reorder();
        }
    }

    void clear() {
        for (Subtable st : byMask.values()) {
            st.retireAll();
        }
        byMask.clear();
        ordered = new Subtable[0];
    }

    /** How many distinct masks the table holds. */
    int masks() {
        return ordered.length;
    }

    private void reorder() {
        List<Subtable> list = new ArrayList<>(byMask.values());
        list.sort(Comparator.comparingLong((Subtable s) -> -s.maxRank));
        ordered = list.toArray(new Subtable[0]);
    }
}
