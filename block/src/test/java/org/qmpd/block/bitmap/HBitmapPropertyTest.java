package org.qmpd.block.bitmap;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.BitSet;
import java.util.Random;

import org.junit.jupiter.api.Test;

/**
 * Property tests of {@link HBitmap} against {@link BitSet} as the model: random sequences of
 * range sets, resets, merges and truncations on random sizes, checking every query after
 * each step. Seeds are fixed so a failure reproduces.
 */
class HBitmapPropertyTest {
    private static void assertSame(BitSet model, long size, HBitmap h, String ctx) {
        assertEquals(model.cardinality(), h.count(), ctx + ": count");
        assertEquals(size, h.size(), ctx + ": size");
        // next() visits exactly the model's bits
        long i = h.next(0);
        int m = model.nextSetBit(0);
        while (m >= 0 && m < size) {
            assertEquals(m, i, ctx + ": next");
            i = h.next(i + 1);
            m = model.nextSetBit(m + 1);
        }
        assertEquals(-1, i, ctx + ": next past the last bit");
    }

    @Test
    void randomRangeOperationsAgreeWithBitSet() {
        for (long seed = 0; seed < 60; seed++) {
            Random rnd = new Random(seed);
            int size = 1 + rnd.nextInt(seed % 3 == 0 ? 70 : 300_000);
            HBitmap h = new HBitmap(size);
            BitSet model = new BitSet(size);
            for (int step = 0; step < 200; step++) {
                int start = rnd.nextInt(size);
                int n = 1 + rnd.nextInt(rnd.nextBoolean() ? 8 : Math.max(1, size - start));
                int end = Math.min(size, start + n);
                switch (rnd.nextInt(4)) {
                    case 0:
                    case 1:
                        h.set(start, n);
                        model.set(start, end);
                        break;
                    case 2:
                        h.reset(start, n);
                        model.clear(start, end);
                        break;
                    default:
                        int probe = rnd.nextInt(size);
                        assertEquals(model.get(probe), h.get(probe), "get " + probe);
                        int nz = model.nextClearBit(probe);
                        assertEquals(nz >= size ? -1 : nz, h.nextZero(probe), "nextZero " + probe);
                        int ns = model.nextSetBit(probe);
                        assertEquals(ns < 0 ? -1 : ns, h.next(probe), "next " + probe);
                }
            }
            assertSame(model, size, h, "seed " + seed);
        }
    }

    @Test
    void mergeIsBitwiseOr() {
        Random rnd = new Random(7);
        for (int round = 0; round < 30; round++) {
            int size = 1 + rnd.nextInt(100_000);
            HBitmap a = new HBitmap(size);
            HBitmap b = new HBitmap(size);
            BitSet ma = new BitSet();
            BitSet mb = new BitSet();
            for (int k = 0; k < 50; k++) {
                int s = rnd.nextInt(size);
                int n = 1 + rnd.nextInt(500);
                (k % 2 == 0 ? a : b).set(s, n);
                (k % 2 == 0 ? ma : mb).set(s, Math.min(size, s + n));
            }
            a.merge(b);
            ma.or(mb);
            assertSame(ma, size, a, "merge round " + round);
        }
    }

    @Test
    void truncateKeepsTheBitsBelowTheNewSize() {
        Random rnd = new Random(11);
        for (int round = 0; round < 30; round++) {
            int size = 1 + rnd.nextInt(50_000);
            HBitmap h = new HBitmap(size);
            BitSet m = new BitSet();
            for (int k = 0; k < 40; k++) {
                int s = rnd.nextInt(size);
                int n = 1 + rnd.nextInt(300);
                h.set(s, n);
                m.set(s, Math.min(size, s + n));
            }
            int newSize = 1 + rnd.nextInt(100_000);
            h.truncate(newSize);
            if (newSize < size) {
                m.clear(newSize, size);
            }
            assertSame(m, newSize, h, "truncate round " + round);
        }
    }

    @Test
    void wordsRoundTrip() {
        HBitmap h = new HBitmap(1000);
        h.set(3, 100);
        h.set(999, 1);
        HBitmap c = new HBitmap(1000);
        c.fromWords(h.toWords());
        assertEquals(101, c.count());
        assertEquals(3, c.next(0));
        assertEquals(999, c.next(103));
    }

    @Test
    void hugeSparseBitmapsAreCheapToSearchAndClear() {
        HBitmap h = new HBitmap(1L << 34);
        h.set((1L << 34) - 5, 1);
        h.set(12345, 1);
        assertEquals(12345, h.next(0));
        assertEquals((1L << 34) - 5, h.next(12346));
        h.reset(0, 1L << 34);
        assertEquals(0, h.count());
        assertEquals(-1, h.next(0));
    }
}
