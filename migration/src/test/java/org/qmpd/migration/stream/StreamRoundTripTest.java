package org.qmpd.migration.stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;
import org.qmpd.core.api.GuestMemory;

/**
 * A source's passes written by {@link RamSaver} and read by {@link StreamLoader} leave the
 * destination's RAM equal to the source's, whatever the capabilities, with pages changed
 * between passes; and a destination refuses streams that do not fit it.
 */
class StreamRoundTripTest {
    private static final int PAGE = GuestMemory.PAGE_SIZE;
    private static final int PAGES = 512;

    private static void fill(ArrayMemory ram, Random r) {
        byte[] page = new byte[PAGE];
        for (int p = 0; p < PAGES; p++) {
            switch (p % 4) {
                case 0:
                    break; // zero page
                case 1:
                    r.nextBytes(page);
                    ram.write((long) p * PAGE, page, 0, PAGE);
                    break;
                default:
                    byte[] text = ("page " + p + " of a compressible guest ").repeat(150).getBytes(StandardCharsets.US_ASCII);
                    ram.write((long) p * PAGE, text, 0, PAGE);
            }
        }
    }

    private static void touch(ArrayMemory ram, Random r, int count) {
        for (int i = 0; i < count; i++) {
            byte[] bit = new byte[1 + r.nextInt(40)];
            r.nextBytes(bit);
            ram.write((long) r.nextInt(PAGES) * PAGE + r.nextInt(PAGE - bit.length), bit, 0, bit.length);
        }
        ram.write(7L * PAGE, new byte[PAGE], 0, PAGE); // a page that becomes zero
    }

    private static void header(StreamWriter out, long size) throws IOException {
        out.put(StreamFormat.MAGIC, 0, StreamFormat.MAGIC.length);
        out.putInt(StreamFormat.VERSION);
        out.putByte(0);
        out.putByte(6);
        out.put("pc.ram".getBytes(StandardCharsets.US_ASCII), 0, 6);
        out.putLong(size);
        out.putInt(PAGE);
    }

    @ParameterizedTest(name = "xbzrle={0} compress={1}")
    @CsvSource({"false,false", "true,false", "false,true", "true,true"})
    void destinationEndsEqualToSourceAcrossPasses(boolean xbzrle, boolean compress) throws IOException {
        Random r = new Random(42);
        ArrayMemory src = new ArrayMemory(PAGES * PAGE);
        fill(src, r);
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        StreamWriter out = new StreamWriter(Channels.newChannel(wire), () -> 0);
        RamCounters counters = new RamCounters();
        GuestMemory.DirtyLog log = src.startDirtyLog();
        header(out, src.size());
        try (RamSaver saver = new RamSaver(src, out, counters, xbzrle ? new PageCache(64 * PAGE, PAGE) : null,
                compress ? new CompressPool(2, 1, counters) : null, () -> false)) {
            long[] all = new long[PAGES / 64];
            java.util.Arrays.fill(all, -1L);
            long[] bitmap = all;
            for (int pass = 1; pass <= 4; pass++) {
                assertTrue(saver.sendPass(bitmap, pass == 4));
                saver.endPass(pass);
                if (pass < 4) {
                    touch(src, r, 30);
                }
                bitmap = log.sync();
            }
        }
        out.putByte(StreamFormat.SECTION);
        out.putByte(3);
        out.put("dev".getBytes(StandardCharsets.US_ASCII), 0, 3);
        out.putInt(2);
        out.putInt(4);
        out.put(new byte[] {1, 2, 3, 4}, 0, 4);
        out.putByte(StreamFormat.END);
        out.flush();

        ArrayMemory dst = new ArrayMemory(PAGES * PAGE);
        dst.write(0, new byte[] {9, 9, 9}, 0, 3); // a zero page on the source that is not zero here
        List<String> sections = new ArrayList<>();
        try (StreamLoader loader = new StreamLoader(dst, new StreamReader(Channels.newChannel(
                new ByteArrayInputStream(wire.toByteArray()))), 2)) {
            loader.readHeader();
            loader.load((id, version, data) -> sections.add(id + "/" + version + "/" + data.length));
        }
        assertArrayEquals(src.contents(), dst.contents());
        assertEquals(List.of("dev/2/4"), sections);
        assertTrue(counters.duplicate.get() > 0, "zero pages went as zero pages");
        if (xbzrle) {
            assertTrue(counters.xbzrlePages.get() > 0, "pages changed a little went as XBZRLE deltas");
        }
        if (compress) {
            assertTrue(counters.compressedPages.get() > 0);
            assertTrue(counters.compressedBytes.get() < counters.compressedPages.get() * PAGE, "text pages compress");
        }
    }

    private static byte[] stream(long ramSize) throws IOException {
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        StreamWriter out = new StreamWriter(Channels.newChannel(wire), () -> 0);
        header(out, ramSize);
        out.flush();
        return wire.toByteArray();
    }

    @Test
    void ramSizeMismatchIsRefusedWithQemusWords() throws IOException {
        ArrayMemory dst = new ArrayMemory(64 * PAGE);
        byte[] wire = stream(128L * PAGE);
        try (StreamLoader loader = new StreamLoader(dst, new StreamReader(Channels.newChannel(new ByteArrayInputStream(wire))), 1)) {
            LoadException e = assertThrows(LoadException.class, loader::readHeader);
            assertEquals("Length mismatch: pc.ram: 0x80000 in != 0x40000: Invalid argument", e.getMessage());
            assertEquals("Invalid argument", e.errno());
        }
    }

    @Test
    void somethingElseIsNotAMigrationStream() throws IOException {
        byte[] wire = "GET / HTTP/1.0\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
        try (StreamLoader loader = new StreamLoader(new ArrayMemory(PAGE), new StreamReader(Channels.newChannel(new ByteArrayInputStream(wire))), 1)) {
            assertEquals("Not a migration stream", assertThrows(LoadException.class, loader::readHeader).getMessage());
        }
    }

    @Test
    void aStreamCutShortIsAnEndOfFile() throws IOException {
        byte[] whole = stream(64L * PAGE);
        byte[] cut = java.util.Arrays.copyOf(whole, whole.length + 5);
        cut[whole.length] = StreamFormat.PAGES;
        try (StreamLoader loader = new StreamLoader(new ArrayMemory(64 * PAGE), new StreamReader(Channels.newChannel(new ByteArrayInputStream(cut))), 1)) {
            loader.readHeader();
            assertThrows(java.io.EOFException.class, () -> loader.load((id, v, d) -> { }));
        }
    }

    @Test
    void anOffsetOutsideRamIsRefused() throws IOException {
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        StreamWriter out = new StreamWriter(Channels.newChannel(wire), () -> 0);
        header(out, 64L * PAGE);
        out.putByte(StreamFormat.ZERO_PAGES);
        out.putLong(60);
        out.putInt(10);
        out.flush();
        try (StreamLoader loader = new StreamLoader(new ArrayMemory(64 * PAGE), new StreamReader(Channels.newChannel(new ByteArrayInputStream(wire.toByteArray()))), 1)) {
            loader.readHeader();
            assertEquals("Illegal RAM offset 0x3c000", assertThrows(LoadException.class, () -> loader.load((id, v, d) -> { })).getMessage());
        }
    }
}
