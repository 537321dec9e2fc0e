package org.qmpd.migration.stream;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.zip.Adler32;

import org.qmpd.core.api.GuestMemory;

/**
 * Pages that deflate cannot shrink, found cheaply and framed as zlib frames them.
 *
 * <p>On random or already-compressed data deflate searches the whole page for matches and
 * then emits a stored block anyway: at level 1 that search is nearly all of a compression
 * worker's time. {@link #looksIncompressible} decides from a sample, in a few microseconds,
 * whether a page is such data: the bytes of a rotating lane of every aligned 32-bit word
 * (1,024 samples spread over the page) are near-uniform in distribution, and no aligned word
 * repeats. Such a page is then written by {@link #store} as the zlib stream of one stored
 * block, which every inflater reads back as any other. A page the sample misjudges is still
 * sent correctly, only not smaller; anything with visible structure (skewed bytes, zero runs,
 * small integers, text, repeated blocks) goes to deflate.
 *
 * <p>One instance per compression worker: the scratch tables are reused.
 */
final class StoredPages {
    private static final int PAGE = GuestMemory.PAGE_SIZE;
    private static final int WORDS = PAGE / 4;
    private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    /** The zlib header zlib writes at level 1 (any level reads back the same). */
    private static final byte CMF = 0x78;
    private static final byte FLG = 0x01;
    /** Header, stored block header (final, LEN, NLEN), the page, adler32. */
    static final int STORED_LENGTH = 2 + 5 + PAGE + 4;
    /**
     * The largest sum of squared byte counts that still counts as uniform. For 1,024 uniform
     * samples over 256 values its mean is 1024 + 1024 * 1023 / 256 = 5,116 with a standard
     * deviation near 90; text gives over 50,000 and a page with a quarter of zeros over 70,000.
     */
    static final int UNIFORM_LIMIT = 5_700;
    /** Aligned words seen twice before the page counts as repetitive (random data: ~0.0001). */
    static final int REPEATS_LIMIT = 4;

    private final int[] counts = new int[256];
    /** Open-addressing set of the page's words; a slot is in use when its stamp is current. */
    private final int[] words = new int[2 * WORDS];
    private final int[] stamps = new int[2 * WORDS];
    private int stamp;
    private final Adler32 adler = new Adler32();

    /** Whether deflate would find nothing worth finding in {@code page[off, off + 4096)}. */
    boolean looksIncompressible(byte[] page, int off) {
        Arrays.fill(counts, 0);
        if (++stamp == 0) {
            Arrays.fill(stamps, 0);
            stamp = 1;
        }
        int mask = words.length - 1;
        int repeats = 0;
        for (int i = 0; i < WORDS; i++) {
            int w = (int) INT.get(page, off + 4 * i);
            counts[(w >>> ((i & 3) << 3)) & 0xff]++;
            int slot = (w * 0x9E3779B1) >>> 21 & mask;
            while (stamps[slot] == stamp) {
                if (words[slot] == w) {
                    if (++repeats >= REPEATS_LIMIT) {
                        return false;
                    }
                    break;
                }
                slot = (slot + 1) & mask;
            }
            if (stamps[slot] != stamp) {
                stamps[slot] = stamp;
                words[slot] = w;
            }
        }
        int sumOfSquares = 0;
        for (int c : counts) {
            sumOfSquares += c * c;
        }
        return sumOfSquares <= UNIFORM_LIMIT;
    }

    /**
     * Writes {@code page[off, off + 4096)} at {@code dst[at]} as a zlib stream of one stored
     * block (RFC 1950 and 1951); returns its length, {@link #STORED_LENGTH}.
     */
    int store(byte[] page, int off, byte[] dst, int at) {
        dst[at] = CMF;
        dst[at + 1] = FLG;
        dst[at + 2] = 0x01; // BFINAL, BTYPE 00: stored
        dst[at + 3] = (byte) PAGE;
        dst[at + 4] = (byte) (PAGE >>> 8);
        dst[at + 5] = (byte) ~PAGE;
        dst[at + 6] = (byte) (~PAGE >>> 8);
        System.arraycopy(page, off, dst, at + 7, PAGE);
        adler.reset();
        adler.update(page, off, PAGE);
        int sum = (int) adler.getValue();
        int end = at + 7 + PAGE;
        dst[end] = (byte) (sum >>> 24);
        dst[end + 1] = (byte) (sum >>> 16);
        dst[end + 2] = (byte) (sum >>> 8);
        dst[end + 3] = (byte) sum;
        return STORED_LENGTH;
    }
}
