package org.qmpd.migration.workload;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

/** Makes the bytes the workload writes: random pages and lines of text. Not thread-safe. */
final class PageFiller {
    static final int LINE = 128;
    private static final String[] WORDS = ("the of and to in is was that for on with as by at from his it an were are which this "
            + "be or has had not but first one their its new after who they have her she two been other when there all "
            + "during into school time may years more most only over city some world would where later up such used many "
            + "can state about national out known university united then made migration memory page guest block device")
            .split(" ");

    private static final byte[][] WORD_BYTES = new byte[WORDS.length][];

    static {
        for (int i = 0; i < WORDS.length; i++) {
            WORD_BYTES[i] = (WORDS[i] + " ").getBytes(StandardCharsets.US_ASCII);
        }
    }

    private final SplittableRandom random;

    PageFiller(long seed) {
        random = new SplittableRandom(seed);
    }

    /** Fills {@code buf[off, off+len)} (a multiple of 8) with random bytes. */
    void randomBytes(byte[] buf, int off, int len) {
        ByteBuffer b = ByteBuffer.wrap(buf, off, len).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = off; i < off + len; i += 8) {
            b.putLong(i, random.nextLong());
        }
    }

    /** One {@link #LINE}-byte line of words. */
    byte[] textLine() {
        byte[] line = new byte[LINE];
        textLine(line, 0);
        return line;
    }

    /** Writes one {@link #LINE}-byte line of words, separated by spaces and ended by a newline, at {@code buf[at]}. */
    void textLine(byte[] buf, int at) {
        int end = at + LINE - 1;
        int p = at;
        while (p < end) {
            byte[] w = WORD_BYTES[random.nextInt(WORD_BYTES.length)];
            int n = Math.min(w.length, end - p);
            System.arraycopy(w, 0, buf, p, n);
            p += n;
        }
        buf[end] = '\n';
    }

    long nextLong(long bound) {
        return random.nextLong(bound);
    }

    int nextInt(int bound) {
        return random.nextInt(bound);
    }
}
