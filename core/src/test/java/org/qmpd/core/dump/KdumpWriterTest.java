package org.qmpd.core.dump;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.Channels;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.zip.Inflater;

import org.junit.jupiter.api.Test;
import org.qmpd.core.cpu.X86State;

class KdumpWriterTest {
    static final int RAM = 2 << 20;

    /** Replays the flattened records into the file makedumpfile -R would rebuild. */
    static byte[] rearrange(byte[] flat) {
        ByteBuffer in = ByteBuffer.wrap(flat);
        assertEquals("makedumpfile", new String(flat, 0, 12));
        assertEquals(1, in.getLong(16));
        assertEquals(1, in.getLong(24));
        in.position(4096);
        byte[] out = new byte[0];
        while (true) {
            long offset = in.getLong();
            long size = in.getLong();
            if (offset == -1 && size == -1) {
                assertEquals(flat.length, in.position());
                return out;
            }
            if (offset + size > out.length) {
                out = Arrays.copyOf(out, (int) (offset + size));
            }
            in.get(out, (int) offset, (int) size);
        }
    }

    @Test
    void everyPageCanBeReadBackFromTheDescriptors() throws Exception {
        ArrayMemory mem = new ArrayMemory(RAM);
        Random random = new Random(3);
        byte[] noise = new byte[4096];
        random.nextBytes(noise);
        System.arraycopy(noise, 0, mem.bytes, 4096 * 5, 4096); // incompressible page
        Arrays.fill(mem.bytes, 4096 * 9, 4096 * 11, (byte) 0x5a); // compressible pages
        mem.bytes[RAM - 1] = 1;

        ByteArrayOutputStream flat = new ByteArrayOutputStream();
        byte[] notes = CpuNotes.build(List.of(X86State.reset()));
        new KdumpWriter(GuestPhysBlock.ofPcRam(RAM), notes, 1).write(new DumpSink(Channels.newChannel(flat)), mem);
        ByteBuffer f = ByteBuffer.wrap(rearrange(flat.toByteArray())).order(ByteOrder.LITTLE_ENDIAN);

        assertEquals("KDUMP   ", new String(f.array(), 0, 8));
        assertEquals(6, f.getInt(8));
        assertEquals("x86_64", new String(f.array(), 12 + 4 * 65, 6));
        int h = 12 + 6 * 65 + 22;
        assertEquals(1, f.getInt(h)); // status: zlib
        assertEquals(4096, f.getInt(h + 4));
        int subHdrBlocks = f.getInt(h + 8);
        int bitmapBlocks = f.getInt(h + 12);
        assertEquals(RAM / 4096, f.getInt(h + 16)); // max_mapnr
        assertEquals(1, f.getInt(h + 36)); // nr_cpus
        assertEquals(1, subHdrBlocks);
        assertEquals(2, bitmapBlocks);
        assertEquals(4096 + 104, f.getLong(4096 + 48)); // offset_note
        assertEquals(notes.length, f.getLong(4096 + 56));
        assertArrayEquals(notes, Arrays.copyOfRange(f.array(), 4096 + 104, 4096 + 104 + notes.length));
        int bitmap = (1 + subHdrBlocks) * 4096;
        for (int pfn = 0; pfn < RAM / 4096; pfn++) {
            assertTrue((f.get(bitmap + pfn / 8) & (1 << (pfn % 8))) != 0);
            assertTrue((f.get(bitmap + 4096 + pfn / 8) & (1 << (pfn % 8))) != 0);
        }
        int desc = (1 + subHdrBlocks + bitmapBlocks) * 4096;
        Inflater inflater = new Inflater();
        for (int pfn = 0; pfn < RAM / 4096; pfn++) {
            int d = desc + 24 * pfn;
            long offset = f.getLong(d);
            int size = f.getInt(d + 8);
            int flags = f.getInt(d + 12);
            byte[] page = new byte[4096];
            if (flags == 1) {
                inflater.reset();
                inflater.setInput(f.array(), (int) offset, size);
                assertEquals(4096, inflater.inflate(page));
            } else {
                assertEquals(4096, size);
                System.arraycopy(f.array(), (int) offset, page, 0, 4096);
            }
            assertArrayEquals(Arrays.copyOfRange(mem.bytes, pfn * 4096, pfn * 4096 + 4096), page, "pfn " + pfn);
        }
        assertEquals(0, f.getInt(desc + 24 * 5 + 12)); // the noise page is stored as is
        assertEquals(1, f.getInt(desc + 24 * 9 + 12)); // the filled page is compressed
        assertEquals(f.getLong(desc), f.getLong(desc + 24)); // zero pages share one page of data
    }
}
