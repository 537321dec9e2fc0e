package org.qmpd.core.dump;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;

import org.qmpd.core.api.GuestMemory;

/**
 * Writes an ELF64 x86-64 core file as QEMU 2.4's {@code create_vmcore} does: the ELF header,
 * one PT_NOTE header, a PT_LOAD header per memory mapping, the notes, then guest memory block
 * by block (clipped to the filter), so that each PT_LOAD's {@code p_offset} points at the
 * bytes of its guest-physical range. A mapping outside the filter gets {@code p_offset} -1 and
 * no bytes, as 2.4 writes it.
 */
public final class ElfCoreWriter {
    static final int EHDR_SIZE = 64;
    static final int PHDR_SIZE = 56;
    static final int SHDR_SIZE = 64;
    static final int EM_X86_64 = 62;
    static final int ET_CORE = 4;
    static final int PT_LOAD = 1;
    static final int PT_NOTE = 4;
    static final int PN_XNUM = 0xffff;

    /** The range a dump keeps, or null for all of memory. */
    public record Filter(long begin, long length) {
    }

    private final List<GuestPhysBlock> blocks;
    private final List<MemoryMapping> mappings;
    private final byte[] notes;
    private final Filter filter;
    private final int phdrNum;
    private final boolean haveSection;
    private final long memoryOffset;

    public ElfCoreWriter(List<GuestPhysBlock> blocks, List<MemoryMapping> mappings, byte[] notes, Filter filter) {
        this.blocks = blocks;
        this.mappings = mappings;
        this.notes = notes;
        this.filter = filter;
        long count = 1L + mappings.size();
        this.haveSection = count >= PN_XNUM;
        this.phdrNum = haveSection ? PN_XNUM : (int) count;
        this.memoryOffset = EHDR_SIZE + (long) PHDR_SIZE * (haveSection ? count : phdrNum)
                + (haveSection ? SHDR_SIZE : 0) + notes.length;
    }

    /** The bytes of guest memory the dump holds ({@code total_size}). */
    public long memorySize() {
        long total = 0;
        for (GuestPhysBlock b : blocks) {
            long[] r = clip(b);
            total += r == null ? 0 : r[1];
        }
        return total;
    }

    /** The part of {@code b} inside the filter: {start, size}, or null. */
    private long[] clip(GuestPhysBlock b) {
        if (filter == null) {
            return new long[] {b.start(), b.length()};
        }
        long end = filter.begin() + filter.length();
        if (b.start() >= end || b.end() <= filter.begin()) {
            return null;
        }
        long start = Math.max(b.start(), filter.begin());
        return new long[] {start, Math.min(b.end(), end) - start};
    }

    /** Where the byte at guest-physical {@code phys} lies in the file, or -1 ({@code get_offset}). */
    long offsetOf(long phys) {
        if (filter != null && (phys < filter.begin() || phys >= filter.begin() + filter.length())) {
            return -1;
        }
        long offset = memoryOffset;
        for (GuestPhysBlock b : blocks) {
            long[] r = clip(b);
            if (r == null) {
                continue;
            }
            if (phys >= r[0] && phys < r[0] + r[1]) {
                return phys - r[0] + offset;
            }
            offset += r[1];
        }
        return -1;
    }

    public void write(DumpSink out, GuestMemory memory) throws IOException {
        ByteBuffer h = ByteBuffer.allocate((int) (memoryOffset - notes.length)).order(ByteOrder.LITTLE_ENDIAN);
        h.put(new byte[] {0x7f, 'E', 'L', 'F', 2, 1, 1, 0});
        h.position(16);
        h.putShort((short) ET_CORE).putShort((short) EM_X86_64).putInt(1).putLong(0).putLong(EHDR_SIZE)
                .putLong(haveSection ? EHDR_SIZE + (long) PHDR_SIZE * (mappings.size() + 1) : 0)
                .putInt(0).putShort((short) EHDR_SIZE).putShort((short) PHDR_SIZE).putShort((short) phdrNum)
                .putShort((short) (haveSection ? SHDR_SIZE : 0)).putShort((short) (haveSection ? 1 : 0)).putShort((short) 0);
        phdr(h, PT_NOTE, memoryOffset - notes.length, 0, 0, notes.length, notes.length);
        int index = 1;
        for (MemoryMapping m : mappings) {
            long offset = offsetOf(m.phys());
            phdr(h, PT_LOAD, offset, m.virt(), m.phys(), offset == -1 ? 0 : m.length(), m.length());
            if (++index >= (haveSection ? mappings.size() + 1 : phdrNum)) {
                break;
            }
        }
        if (haveSection) {
            // one section header whose sh_info holds the real program header count
            int at = h.position();
            h.position(at + 44);
            h.putInt(mappings.size() + 1);
            h.position(at + SHDR_SIZE);
        }
        out.write(h.array(), 0, h.position());
        out.write(notes);
        byte[] page = new byte[1 << 16];
        for (GuestPhysBlock b : blocks) {
            long[] r = clip(b);
            if (r == null) {
                continue;
            }
            long ram = b.ramOffset() + (r[0] - b.start());
            for (long done = 0; done < r[1];) {
                int n = (int) Math.min(page.length, r[1] - done);
                memory.read(ram + done, page, 0, n);
                out.write(page, 0, n);
                done += n;
            }
        }
        out.flush();
    }

    private static void phdr(ByteBuffer h, int type, long offset, long vaddr, long paddr, long filesz, long memsz) {
        h.putInt(type).putInt(0).putLong(offset).putLong(vaddr).putLong(paddr).putLong(filesz).putLong(memsz).putLong(0);
    }
}
