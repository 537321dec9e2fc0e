package org.qmpd.migration.stream;

import java.util.Arrays;

/**
 * QEMU's XBZRLE page delta encoding ({@code migration/xbzrle.c}), byte for byte: a page is
 * encoded against its previous version as alternating runs, each length a small ULEB128
 * (at most two bytes):
 *
 * <pre>
 * page  = zrun nzrun | zrun nzrun page
 * zrun  = length                 (bytes unchanged)
 * nzrun = length byte...         (bytes changed, and their new values)
 * </pre>
 *
 * A trailing unchanged run is not written. Runs are maximal, so the encoding of two pages is
 * unique and equal to what QEMU produces.
 */
public final class Xbzrle {
    /** The page is unchanged: nothing to send. */
    public static final int UNCHANGED = 0;
    /** The delta would not fit in {@code dst}: send the page itself. */
    public static final int OVERFLOW = -1;

    private Xbzrle() {
    }

    /**
     * Encodes {@code current} against {@code old} (both {@code length} bytes) into {@code dst},
     * using at most {@code dstLength} bytes. Returns the encoded length, {@link #UNCHANGED} or
     * {@link #OVERFLOW}.
     */
    public static int encode(byte[] old, byte[] current, int length, byte[] dst, int dstLength) {
        int d = 0;
        int i = 0;
        while (i < length) {
            if (d + 2 > dstLength) {
                return OVERFLOW;
            }
            int differ = Arrays.mismatch(old, i, length, current, i, length);
            int zrun = differ < 0 ? length - i : differ;
            if (zrun == length) {
                return UNCHANGED;
            }
            i += zrun;
            if (i == length) {
                return d;
            }
            d += putUleb(dst, d, zrun);
            if (d + 2 > dstLength) {
                return OVERFLOW;
            }
            int start = i;
            while (i < length && old[i] != current[i]) {
                i++;
            }
            int nzrun = i - start;
            d += putUleb(dst, d, nzrun);
            if (d + nzrun > dstLength) {
                return OVERFLOW;
            }
            System.arraycopy(current, start, dst, d, nzrun);
            d += nzrun;
        }
        return d;
    }

    /**
     * Applies {@code src[0..srcLength)} to {@code page} (the destination's current version) in
     * place, with QEMU's checks. Returns the number of bytes the delta covers, or -1 if it is
     * malformed or reaches past {@code pageLength}.
     */
    public static int decode(byte[] src, int srcLength, byte[] page, int pageLength) {
        int i = 0;
        int d = 0;
        int[] count = new int[1];
        while (i < srcLength) {
            if (srcLength - i < 2) {
                return -1;
            }
            int n = getUleb(src, i, count);
            if (n < 0 || (i != 0 && count[0] == 0)) {
                return -1;
            }
            i += n;
            d += count[0];
            if (d > pageLength) {
                return -1;
            }
            if (srcLength - i < 2) {
                return -1;
            }
            n = getUleb(src, i, count);
            if (n < 0 || count[0] == 0) {
                return -1;
            }
            i += n;
            if (d + count[0] > pageLength || i + count[0] > srcLength) {
                return -1;
            }
            System.arraycopy(src, i, page, d, count[0]);
            d += count[0];
            i += count[0];
        }
        return d;
    }

    /** QEMU's {@code uleb128_encode_small}: {@code n} below 2^14, in one or two bytes. */
    static int putUleb(byte[] out, int at, int n) {
        if (n < 0x80) {
            out[at] = (byte) n;
            return 1;
        }
        out[at] = (byte) ((n & 0x7f) | 0x80);
        out[at + 1] = (byte) (n >>> 7);
        return 2;
    }

    /** QEMU's {@code uleb128_decode_small}: the value into {@code n[0]}, the bytes used, or -1. */
    static int getUleb(byte[] in, int at, int[] n) {
        int b = in[at] & 0xff;
        if ((b & 0x80) == 0) {
            n[0] = b;
            return 1;
        }
        int b2 = in[at + 1] & 0xff;
        if ((b2 & 0x80) != 0) {
            return -1;
        }
        n[0] = (b & 0x7f) | (b2 << 7);
        return 2;
    }
}
