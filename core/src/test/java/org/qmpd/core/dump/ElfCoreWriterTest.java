package org.qmpd.core.dump;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.Channels;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.qmpd.core.cpu.X86State;

class ElfCoreWriterTest {
    static final int RAM = 1 << 20;

    static byte[] dump(ArrayMemory mem, boolean paging, ElfCoreWriter.Filter filter, int cpus) throws Exception {
        List<GuestPhysBlock> blocks = GuestPhysBlock.ofPcRam(mem.size());
        List<MemoryMapping> mappings = MemoryMapping.of(blocks, paging);
        if (filter != null) {
            mappings = MemoryMapping.filter(mappings, filter.begin(), filter.length());
        }
        X86State[] states = new X86State[cpus];
        Arrays.fill(states, X86State.reset());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        DumpSink sink = new DumpSink(Channels.newChannel(out));
        new ElfCoreWriter(blocks, mappings, CpuNotes.build(List.of(states)), filter).write(sink, mem);
        return out.toByteArray();
    }

    static ArrayMemory patterned() {
        ArrayMemory mem = new ArrayMemory(RAM);
        new Random(7).nextBytes(mem.bytes);
        Arrays.fill(mem.bytes, 8192, 16384, (byte) 0);
        return mem;
    }

    @Test
    void ptLoadHoldsGuestRamByteForByte() throws Exception {
        ArrayMemory mem = patterned();
        ByteBuffer f = ByteBuffer.wrap(dump(mem, false, null, 2)).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(0x464c457f, f.getInt(0));
        assertEquals(2, f.get(4)); // ELFCLASS64
        assertEquals(4, f.getShort(16)); // ET_CORE
        assertEquals(62, f.getShort(18)); // EM_X86_64
        assertEquals(64, f.getShort(52)); // e_ehsize
        assertEquals(2, f.getShort(56)); // PT_NOTE + one PT_LOAD
        int note = 64;
        assertEquals(4, f.getInt(note));
        long noteOffset = f.getLong(note + 8);
        long noteSize = f.getLong(note + 32);
        assertEquals(64 + 2 * 56, noteOffset);
        assertEquals(2 * CpuNotes.PER_CPU, noteSize);
        int load = 64 + 56;
        assertEquals(1, f.getInt(load));
        long offset = f.getLong(load + 8);
        assertEquals(0, f.getLong(load + 16)); // 2.4: no paging, virtual address 0
        assertEquals(0, f.getLong(load + 24));
        assertEquals(RAM, f.getLong(load + 32));
        assertEquals(noteOffset + noteSize, offset);
        byte[] data = Arrays.copyOfRange(f.array(), (int) offset, (int) offset + RAM);
        assertArrayEquals(mem.bytes, data);
        assertEquals(offset + RAM, f.capacity());
    }

    @Test
    void notesArePrstatusPerCpuThenQemuStatePerCpu() throws Exception {
        ByteBuffer f = ByteBuffer.wrap(dump(patterned(), false, null, 2)).order(ByteOrder.LITTLE_ENDIAN);
        int at = 64 + 2 * 56;
        for (int cpu = 0; cpu < 2; cpu++) {
            assertEquals(5, f.getInt(at));
            assertEquals(336, f.getInt(at + 4));
            assertEquals(1, f.getInt(at + 8)); // NT_PRSTATUS
            assertEquals("CORE", new String(f.array(), at + 12, 4));
            assertEquals(cpu + 1, f.getInt(at + 20 + 32)); // pr_pid
            assertEquals(0xfff0, f.getLong(at + 20 + 112 + 16 * 8)); // rip
            at += 356;
        }
        for (int cpu = 0; cpu < 2; cpu++) {
            assertEquals(432, f.getInt(at + 4));
            assertEquals(0, f.getInt(at + 8));
            assertEquals("QEMU", new String(f.array(), at + 12, 4));
            assertEquals(1, f.getInt(at + 20)); // version
            assertEquals(432, f.getInt(at + 24)); // size
            at += 452;
        }
    }

    @Test
    void filterKeepsOnlyTheRangeClippingTheMapping() throws Exception {
        ArrayMemory mem = patterned();
        ByteBuffer f = ByteBuffer.wrap(dump(mem, true, new ElfCoreWriter.Filter(12288, 8192), 1)).order(ByteOrder.LITTLE_ENDIAN);
        int load = 64 + 56;
        long offset = f.getLong(load + 8);
        // with paging and no vCPU in paging mode, virtual is physical: 0 for RAM at 0, and 2.4's
        // memory_mapping_filter leaves a virtual address of 0 alone when it clips
        assertEquals(0, f.getLong(load + 16));
        assertEquals(12288, f.getLong(load + 24));
        assertEquals(8192, f.getLong(load + 32));
        assertArrayEquals(Arrays.copyOfRange(mem.bytes, 12288, 20480),
                Arrays.copyOfRange(f.array(), (int) offset, (int) offset + 8192));
        assertEquals(offset + 8192, f.capacity());
    }

    @Test
    void ramFromThreeAndAHalfGibSplitsAtThreeGibAndResumesAtFour() {
        assertEquals(List.of(new GuestPhysBlock(0, 128 << 20, 0)), GuestPhysBlock.ofPcRam(128 << 20));
        assertEquals(List.of(new GuestPhysBlock(0, 0xc0000000L, 0),
                new GuestPhysBlock(1L << 32, (1L << 32) + (1L << 30), 0xc0000000L)), GuestPhysBlock.ofPcRam(4L << 30));
    }
}
