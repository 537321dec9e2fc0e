package org.qmpd.core.dump;

import java.util.List;

/**
 * A range of guest-physical addresses backed by guest RAM, as QEMU's {@code GuestPhysBlock}:
 * {@code [start, end)} maps to RAM from {@code ramOffset}. The pc machine of 2.4 puts RAM
 * below 4 GiB up to 3 GiB once the guest has 3.5 GiB or more, and the rest above 4 GiB.
 */
public record GuestPhysBlock(long start, long end, long ramOffset) {
    static final long FOUR_GIB = 1L << 32;
    static final long LOWMEM_LIMIT = 0xe0000000L;
    static final long LOWMEM_GIGABYTE_ALIGNED = 0xc0000000L;

    public long length() {
        return end - start;
    }

    /** The blocks of a pc machine with {@code ramSize} bytes of RAM, in address order. */
    public static List<GuestPhysBlock> ofPcRam(long ramSize) {
        if (ramSize < LOWMEM_LIMIT) {
            return List.of(new GuestPhysBlock(0, ramSize, 0));
        }
        long below = LOWMEM_GIGABYTE_ALIGNED;
        return List.of(new GuestPhysBlock(0, below, 0),
                new GuestPhysBlock(FOUR_GIB, FOUR_GIB + ramSize - below, below));
    }
}
