package org.qmpd.rocker.ofdpa;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Arrays;
import java.util.Comparator;
import java.util.TreeMap;
import java.util.concurrent.locks.StampedLock;

/**
 * The flows of one table that share one mask, hashed by their masked key: a frame's fields,
 * masked the same way, find the best flow of this mask that matches them in one probe (the
 * tuple-space search of Open vSwitch).
 *
 * <p>Everything the data path needs of a slot lies side by side in one array, so a probe
 * reads one or two cache lines whatever the number of flows: the masked key words, the best
 * flow's action packed in two words ({@link #pack1}, {@link #pack2}; the first is never 0 in
 * a used slot) and its hit count, added to atomically. The {@link Flow} objects are only read
 * by commands and queries. Flows with equal masked keys share a slot, best first; only the
 * best is ever hit. Open addressing with linear probing and backward-shift deletion.
 * Changes happen under the world's write lock, probes under its read lock.
 */
final class Subtable {
    private static final VarHandle LONGS = MethodHandles.arrayElementVarHandle(long[].class);
    private static final Comparator<Flow> BEST_FIRST =
            Comparator.comparingLong((Flow f) -> -f.rank).thenComparingLong(Flow::cookie);

    final FlowKey maskKey;
    final StampedLock lock;
    /** Whether every flow here matches an exact destination MAC (learning asks). */
    final boolean exactDst;
    private final long[] mask;
    private final int[] words;
    private final int width;
    private final int stride;
    private long[] data;
    private Flow[] best;
    private Flow[][] all;
    private int used;
    private int flows;
    /** How many flows have each rank, for {@link #maxRank} after removals. */
    private final TreeMap<Long, Integer> ranks = new TreeMap<>();
    long maxRank = -1;

    Subtable(FlowKey mask, StampedLock lock) {
        this.maskKey = mask.copy();
        this.lock = lock;
        this.mask = maskKey.w;
        this.exactDst = mask.ethDst() == FlowKey.MAC_ALL;
        int n = 0;
        int[] usedWords = new int[FlowKey.WORDS];
        for (int i = 0; i < FlowKey.WORDS; i++) {
            if (mask.w[i] != 0) {
                usedWords[n++] = i;
            }
        }
        this.words = Arrays.copyOf(usedWords, n);
        this.width = n;
        this.stride = n + 3;
        allocate(16);
    }

    private void allocate(int capacity) {
        data = new long[capacity * stride];
        best = new Flow[capacity];
        all = new Flow[capacity][];
    }

    int size() {
        return flows;
    }

    /** {@code 1 << 63 | goto << 48 | copy-to-cpu << 40 | clear-actions << 32 | new VLAN << 16 | key VLAN}. */
    static long pack1(Flow f) {
        FlowAction a = f.action();
        return 1L << 63 | (long) (a.gotoTbl() & 0xff) << 48 | (long) (a.copyToCpu() & 0xff) << 40
                | (long) (a.clearActions() & 0xff) << 32 | (long) (a.newVlanId() & 0xffff) << 16 | f.keyRef().vlanId();
    }

    /** {@code group id << 32 | tunnel logical port}. */
    static long pack2(Flow f) {
        FlowAction a = f.action();
        return (long) a.groupId() << 32 | a.tunnelLport() & 0xffff_ffffL;
    }

    private int home(long[] fields, int capacity) {
        long h = 0x9E37_79B9_7F4A_7C15L;
        for (int i : words) {
            h = (h ^ (fields[i] & mask[i])) * 0xff51_afd7_ed55_8ccdL;
            h ^= h >>> 29;
        }
        return (int) h & capacity - 1;
    }

    private boolean same(int base, long[] fields) {
        for (int j = 0; j < width; j++) {
            int i = words[j];
            if (data[base + j] != (fields[i] & mask[i])) {
                return false;
            }
        }
        return true;
    }

    /** The slot of the best flow of this mask matching {@code fields}, or -1. */
    int find(long[] fields) {
        int capacity = best.length;
        long[] d = data;
        for (int s = home(fields, capacity);; s = s + 1 & capacity - 1) {
            int base = s * stride;
            if (d[base + width] == 0) {
                return -1;
            }
            if (same(base, fields)) {
                return s;
            }
        }
    }

    /** Reads the home slot of {@code fields}, so that its line is on its way into the cache. */
    long touch(long[] fields) {
        return data[home(fields, best.length) * stride];
    }

    long action1(int slot) {
        return data[slot * stride + width];
    }

    long action2(int slot) {
        return data[slot * stride + width + 1];
    }

    /** Counts a frame against the best flow of {@code slot}; any data-path thread may call it. */
    void hit(int slot) {
        LONGS.getAndAdd(data, slot * stride + width + 2, 1L);
    }

    long slotHits(int slot) {
        return (long) LONGS.getVolatile(data, slot * stride + width + 2);
    }

    /** The rank of the best flow of {@code slot}, without reading it when all ranks are equal. */
    long rankAt(int slot) {
        return ranks.size() == 1 ? maxRank : best[slot].rank;
    }

    Flow flowAt(int slot) {
        return best[slot];
    }

    void add(Flow flow) {
        long[] k = flow.keyRef().w;
        int capacity = best.length;
        int s = home(k, capacity);
        for (; data[s * stride + width] != 0; s = s + 1 & capacity - 1) {
            if (same(s * stride, k)) {
                Flow[] grown = Arrays.copyOf(all[s], all[s].length + 1);
                grown[grown.length - 1] = flow;
                Arrays.sort(grown, BEST_FIRST);
                all[s] = grown;
                crown(s, grown[0]);
                count(flow, +1);
                return;
            }
        }
        int base = s * stride;
        for (int j = 0; j < width; j++) {
            data[base + j] = k[words[j]] & mask[words[j]];
        }
        all[s] = new Flow[] {flow};
        crown(s, flow);
        count(flow, +1);
        if (++used * 4 > capacity * 3) {
            rehash(capacity * 2);
        }
    }

    /** Makes {@code flow} the one a probe of {@code slot} finds; the previous best keeps its hits. */
    private void crown(int slot, Flow flow) {
        Flow old = best[slot];
        if (old == flow) {
            return;
        }
        int base = slot * stride;
        if (old != null) {
            retire(old, slot);
        }
        best[slot] = flow;
        data[base + width] = pack1(flow);
        data[base + width + 1] = pack2(flow);
        data[base + width + 2] = 0;
        flow.slot = slot;
        flow.home = this;
    }

    /** Moves the hits a slot counted for {@code flow} into the flow itself. */
    private void retire(Flow flow, int slot) {
        flow.baseHits += data[slot * stride + width + 2];
        flow.home = null;
    }

    /** Removes {@code flow} (the same object that was added); false if it is not here. */
    boolean remove(Flow flow) {
        long[] k = flow.keyRef().w;
        int capacity = best.length;
        int s = home(k, capacity);
        for (; data[s * stride + width] != 0; s = s + 1 & capacity - 1) {
            if (!same(s * stride, k)) {
                continue;
            }
            Flow[] list = all[s];
            int at = Arrays.asList(list).indexOf(flow);
            if (at < 0) {
                return false;
            }
            count(flow, -1);
            if (list.length > 1) {
                Flow[] shrunk = new Flow[list.length - 1];
                System.arraycopy(list, 0, shrunk, 0, at);
                System.arraycopy(list, at + 1, shrunk, at, shrunk.length - at);
                all[s] = shrunk;
                crown(s, shrunk[0]);
            } else {
                retire(flow, s);
                vacate(s);
            }
            return true;
        }
        return false;
    }

    /** Empties slot {@code hole}, moving later entries of its probe run back (backward-shift deletion). */
    private void vacate(int hole) {
        int capacity = best.length;
        clear(hole);
        used--;
        long[] probe = new long[FlowKey.WORDS];
        for (int j = hole + 1 & capacity - 1; data[j * stride + width] != 0; j = j + 1 & capacity - 1) {
            for (int w = 0; w < width; w++) {
                probe[words[w]] = data[j * stride + w];
            }
            int h = home(probe, capacity);
            boolean stays = hole <= j ? hole < h && h <= j : hole < h || h <= j;
            if (!stays) {
                System.arraycopy(data, j * stride, data, hole * stride, stride);
                best[hole] = best[j];
                all[hole] = all[j];
                best[hole].slot = hole;
                clear(j);
                hole = j;
            }
        }
    }

    private void clear(int slot) {
        Arrays.fill(data, slot * stride, slot * stride + stride, 0L);
        best[slot] = null;
        all[slot] = null;
    }

    private void count(Flow flow, int delta) {
        flows += delta;
        ranks.merge(flow.rank, delta, (a, b) -> a + b == 0 ? null : a + b);
        maxRank = ranks.isEmpty() ? -1 : ranks.lastKey();
    }

    private void rehash(int capacity) {
        Flow[][] old = all;
        for (int s = 0; s < best.length; s++) {
            if (best[s] != null) {
                retire(best[s], s);
            }
        }
        allocate(capacity);
        used = 0;
        flows = 0;
        ranks.clear();
        for (Flow[] list : old) {
            if (list != null) {
                for (Flow f : list) {
                    add(f);
                }
            }
        }
    }

    /** Detaches every flow, their hits kept in them (the table is being cleared). */
    void retireAll() {
        for (int s = 0; s < best.length; s++) {
            if (best[s] != null) {
                retire(best[s], s);
            }
        }
    }
}
