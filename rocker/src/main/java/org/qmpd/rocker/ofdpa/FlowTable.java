package org.qmpd.rocker.ofdpa;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One OF-DPA flow table, indexed for lookup: a {@link Subtable} per distinct mask, visited in
 * order of the best rank each holds, so that a lookup costs one hash probe per mask and stops
 * as soon as no remaining mask can hold a better flow. The cost does not grow with the number
 * of flows that share a mask (all the learned MACs of a bridge, all the /24 routes).
 * Not thread-safe: {@link OfDpaWorld} guards it.
 */
final class FlowTable {
    private final Map<FlowKey, Subtable> byMask = new HashMap<>();
    private Subtable[] ordered = new Subtable[0];

    /** The best flow matching a frame's fields (highest priority, then longest prefix), or null. */
    Flow lookup(long[] fields) {
        Flow best = null;
        long bestRank = -1;
        for (Subtable st : ordered) {
            if (st.maxRank <= bestRank) {
                break;
            }
            Flow f = st.lookup(fields);
            if (f != null && f.rank > bestRank) {
                best = f;
                bestRank = f.rank;
            }
        }
        return best;
    }

    void add(Flow flow) {
        byMask.computeIfAbsent(flow.maskRef(), Subtable::new).add(flow);
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
