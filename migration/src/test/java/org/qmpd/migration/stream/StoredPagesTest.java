package org.qmpd.migration.stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.function.Consumer;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * The incompressible-page test sends random data as stored blocks that inflate back exactly,
 * and leaves to deflate every kind of page deflate can shrink.
 */
class StoredPagesTest {
    private static final int PAGE = 4096;

    @Test
    void randomPagesAreStoredAndInflateBackExactly() throws DataFormatException {
        StoredPages stored = new StoredPages();
        Random r = new Random(42);
        byte[] page = new byte[PAGE];
        byte[] record = new byte[StreamFormat.MAX_COMPRESSED];
        Inflater inflater = new Inflater();
        byte[] back = new byte[PAGE];
        int misjudged = 0;
        for (int i = 0; i < 20_000; i++) {
            r.nextBytes(page);
            if (!stored.looksIncompressible(page, 0)) {
                misjudged++;
                continue;
            }
            if (i % 97 == 0) {
                int len = stored.store(page, 0, record, 0);
                assertEquals(StoredPages.STORED_LENGTH, len);
                assertTrue(len <= StreamFormat.MAX_COMPRESSED);
                inflater.reset();
                inflater.setInput(record, 0, len);
                assertEquals(PAGE, inflater.inflate(back));
                assertTrue(inflater.finished(), "one complete zlib stream, adler32 checked");
                assertArrayEquals(page, back);
            }
        }
        assertTrue(misjudged <= 2, misjudged + " of 20,000 random pages sent to deflate");
    }

    @Test
    void aCorruptedStoredPageFailsItsChecksum() {
        StoredPages stored = new StoredPages();
        byte[] page = new byte[PAGE];
        new Random(7).nextBytes(page);
        byte[] record = new byte[StreamFormat.MAX_COMPRESSED];
        int len = stored.store(page, 0, record, 0);
        record[100] ^= 1;
        Inflater inflater = new Inflater();
        inflater.setInput(record, 0, len);
        org.junit.jupiter.api.Assertions.assertThrows(DataFormatException.class, () -> inflater.inflate(new byte[PAGE]));
    }

    /** Pages deflate shrinks by at least a tenth: none may be sent stored. */
    @ParameterizedTest
    @ValueSource(strings = {"text", "quarter-zeros", "small-ints", "counting", "repeated-512", "repeated-1000",
        "base64", "sparse", "seven-bits"})
    void compressiblePagesGoToDeflate(String kind) {
        byte[] page = new byte[PAGE + 16];
        Random r = new Random(kind.hashCode());
        fill(kind, r).accept(page);
        StoredPages stored = new StoredPages();
        for (int off : new int[] {0, 3, 16}) {
            byte[] shifted = new byte[PAGE + 16];
            System.arraycopy(page, 0, shifted, off, PAGE);
            assertFalse(stored.looksIncompressible(shifted, off), kind + " at offset " + off);
        }
        Deflater d = new Deflater(1);
        d.setInput(page, 0, PAGE);
        d.finish();
        int n = d.deflate(new byte[2 * PAGE]);
        assertTrue(n < PAGE * 9 / 10, kind + ": deflate makes " + n + " bytes, so it is worth sending to deflate");
    }

    private static Consumer<byte[]> fill(String kind, Random r) {
        switch (kind) {
            case "text":
                return p -> {
                    String[] words = "the of and to in migration memory page guest block device".split(" ");
                    StringBuilder s = new StringBuilder();
                    while (s.length() < PAGE) {
                        s.append(words[r.nextInt(words.length)]).append(' ');
                    }
                    System.arraycopy(s.toString().getBytes(StandardCharsets.US_ASCII), 0, p, 0, PAGE);
                };
            case "quarter-zeros":
                return p -> {
                    byte[] b = new byte[PAGE * 3 / 4];
                    r.nextBytes(b);
                    System.arraycopy(b, 0, p, PAGE / 4, b.length);
                };
            case "small-ints":
                return p -> {
                    ByteBuffer b = ByteBuffer.wrap(p).order(ByteOrder.LITTLE_ENDIAN);
                    for (int i = 0; i < PAGE; i += 4) {
                        b.putInt(i, r.nextInt(256));
                    }
                };
            case "counting":
                return p -> {
                    for (int i = 0; i < PAGE; i++) {
                        p[i] = (byte) i;
                    }
                };
            case "repeated-512":
            case "repeated-1000":
                return p -> {
                    byte[] block = new byte[kind.equals("repeated-512") ? 512 : 1000];
                    r.nextBytes(block);
                    for (int i = 0; i < PAGE; i++) {
                        p[i] = block[i % block.length];
                    }
                };
            case "base64":
                return p -> {
                    byte[] alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".getBytes(StandardCharsets.US_ASCII);
                    for (int i = 0; i < PAGE; i++) {
                        p[i] = alphabet[r.nextInt(64)];
                    }
                };
            case "sparse":
                return p -> {
                    for (int i = 0; i < 200; i++) {
                        p[r.nextInt(PAGE)] = (byte) r.nextInt();
                    }
                };
            case "seven-bits":
                return p -> {
                    for (int i = 0; i < PAGE; i++) {
                        p[i] = (byte) r.nextInt(100);
                    }
                };
            default:
                throw new IllegalArgumentException(kind);
        }
    }
}
