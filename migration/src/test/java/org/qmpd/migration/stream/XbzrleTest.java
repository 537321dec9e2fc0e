package org.qmpd.migration.stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.Random;

import org.junit.jupiter.api.Test;

class XbzrleTest {
    private static final int PAGE = 4096;

    private static byte[] encode(byte[] old, byte[] cur) {
        byte[] dst = new byte[PAGE];
        int n = Xbzrle.encode(old, cur, PAGE, dst, PAGE);
        return n < 0 ? null : Arrays.copyOf(dst, n);
    }

    @Test
    void unchangedPageEncodesToNothing() {
        byte[] page = new byte[PAGE];
        new Random(1).nextBytes(page);
        byte[] dst = new byte[PAGE];
        assertEquals(Xbzrle.UNCHANGED, Xbzrle.encode(page, page.clone(), PAGE, dst, PAGE));
    }

    @Test
    void runsAreUleb128LengthsAsQemuWritesThem() {
        byte[] old = new byte[PAGE];
        byte[] cur = old.clone();
        cur[0] = 1;          // nzrun at the start: zrun of length 0 first
        cur[200] = 2;        // zrun 199 (two-byte uleb: 0xc7 0x01), nzrun 1
        cur[201] = 3;        // ... which is two bytes long
        byte[] expected = {0, 1, 1, (byte) 0xc7, 0x01, 2, 2, 3};
        assertArrayEquals(expected, encode(old, cur));
    }

    @Test
    void trailingUnchangedRunIsNotWritten() {
        byte[] old = new byte[PAGE];
        byte[] cur = old.clone();
        cur[10] = 9;
        assertArrayEquals(new byte[] {10, 1, 9}, encode(old, cur));
    }

    @Test
    void randomPageOverflows() {
        Random r = new Random(2);
        byte[] old = new byte[PAGE];
        byte[] cur = new byte[PAGE];
        r.nextBytes(old);
        r.nextBytes(cur);
        byte[] dst = new byte[PAGE];
        assertEquals(Xbzrle.OVERFLOW, Xbzrle.encode(old, cur, PAGE, dst, PAGE));
    }

    @Test
    void decodeAppliesTheDeltaToTheOldPage() {
        Random r = new Random(3);
        for (int round = 0; round < 200; round++) {
            byte[] old = new byte[PAGE];
            r.nextBytes(old);
            byte[] cur = old.clone();
            for (int i = 0, n = r.nextInt(40); i < n; i++) {
                int at = r.nextInt(PAGE);
                int len = Math.min(PAGE - at, 1 + r.nextInt(64));
                for (int j = 0; j < len; j++) {
                    cur[at + j] = (byte) r.nextInt();
                }
            }
            byte[] delta = encode(old, cur);
            if (delta == null || delta.length == 0) {
                continue;
            }
            byte[] page = old.clone();
            Xbzrle.decode(delta, delta.length, page, PAGE);
            assertArrayEquals(cur, page);
        }
    }

    @Test
    void decodeRefusesMalformedDeltasAsQemuDoes() {
        byte[] page = new byte[PAGE];
        assertEquals(-1, Xbzrle.decode(new byte[] {0}, 1, page, PAGE), "too short for a zrun and an nzrun");
        assertEquals(-1, Xbzrle.decode(new byte[] {0, 0}, 2, page, PAGE), "an empty nzrun");
        assertEquals(-1, Xbzrle.decode(new byte[] {0, 1, 5, 0, 1}, 5, page, PAGE), "an empty zrun after the first");
        assertEquals(-1, Xbzrle.decode(new byte[] {(byte) 0xff, 0x7f, 1, 1}, 4, page, PAGE), "a zrun past the page");
        assertEquals(-1, Xbzrle.decode(new byte[] {0, 5, 1}, 3, page, PAGE), "an nzrun longer than the delta");
    }
}
