package org.qmpd.core.dump;

import java.util.ArrayList;
import java.util.List;

/**
 * One guest mapping an ELF dump describes with a PT_LOAD header, as QEMU's
 * {@code MemoryMapping}: {@code length} bytes at guest-physical {@code phys}, seen at virtual
 * {@code virt}.
 */
public record MemoryMapping(long phys, long virt, long length) {

    /**
     * The mappings for {@code blocks}: without paging each block at virtual 0 (2.4's
     * {@code qemu_get_guest_simple_memory_mapping}); with paging, as no vCPU has paging on,
     * virtual equals physical ({@code qemu_get_guest_memory_mapping}'s fallback).
     */
    public static List<MemoryMapping> of(List<GuestPhysBlock> blocks, boolean paging) {
        List<MemoryMapping> out = new ArrayList<>();
        for (GuestPhysBlock b : blocks) {
            out.add(new MemoryMapping(b.start(), paging ? b.start() : 0, b.length()));
        }
        return out;
    }

    /** 2.4's {@code memory_mapping_filter}: keeps what overlaps {@code [begin, begin+length)}, clipped. */
    public static List<MemoryMapping> filter(List<MemoryMapping> mappings, long begin, long length) {
        List<MemoryMapping> out = new ArrayList<>();
        for (MemoryMapping m : mappings) {
            if (m.phys >= begin + length || m.phys + m.length <= begin) {
                continue;
            }
            long phys = m.phys;
            long virt = m.virt;
            long len = m.length;
            if (phys < begin) {
                len -= begin - phys;
                if (virt != 0) {
                    virt += begin - phys;
                }
                phys = begin;
            }
            if (phys + len > begin + length) {
                len -= phys + len - begin - length;
            }
            out.add(new MemoryMapping(phys, virt, len));
        }
        return out;
    }
}
