package org.qmpd.block.graph;

import java.util.Locale;

/**
 * The points in a format driver's work where QEMU's {@code blkdebug} can hook rules
 * ({@code BlkDebugEvent}, named as its config files name them: {@code read_aio},
 * {@code l2_update}, ...). A driver raises them on its file child before the matching I/O.
 */
public enum BlkDebugEvent {
    L1_UPDATE, L1_GROW_ALLOC_TABLE, L1_GROW_WRITE_TABLE, L1_GROW_ACTIVATE_TABLE,
    L2_LOAD, L2_UPDATE, L2_UPDATE_COMPRESSED, L2_ALLOC_COW_READ, L2_ALLOC_WRITE,
    READ_AIO, READ_BACKING_AIO, READ_COMPRESSED,
    WRITE_AIO, WRITE_COMPRESSED,
    VMSTATE_LOAD, VMSTATE_SAVE,
    COW_READ, COW_WRITE,
    REFTABLE_LOAD, REFTABLE_GROW, REFTABLE_UPDATE,
    REFBLOCK_LOAD, REFBLOCK_UPDATE, REFBLOCK_UPDATE_PART, REFBLOCK_ALLOC,
    REFBLOCK_ALLOC_HOOKUP, REFBLOCK_ALLOC_WRITE, REFBLOCK_ALLOC_WRITE_BLOCKS,
    REFBLOCK_ALLOC_WRITE_TABLE, REFBLOCK_ALLOC_SWITCH_TABLE,
    CLUSTER_ALLOC, CLUSTER_ALLOC_BYTES, CLUSTER_FREE,
    FLUSH_TO_OS, FLUSH_TO_DISK,
    PWRITEV_RMW_HEAD, PWRITEV_RMW_AFTER_HEAD, PWRITEV_RMW_TAIL, PWRITEV_RMW_AFTER_TAIL,
    PWRITEV, PWRITEV_ZERO, PWRITEV_DONE,
    EMPTY_IMAGE_PREPARE;

    /** The config-file name: {@code l1_grow.alloc_table}, {@code read_aio}. */
    public String configName() {
        String n = name().toLowerCase(Locale.ROOT);
        switch (this) {
            case L1_GROW_ALLOC_TABLE: return "l1_grow.alloc_table";
            case L1_GROW_WRITE_TABLE: return "l1_grow.write_table";
            case L1_GROW_ACTIVATE_TABLE: return "l1_grow.activate_table";
            case L2_ALLOC_COW_READ: return "l2_alloc.cow_read";
            case L2_ALLOC_WRITE: return "l2_alloc.write";
            default: return n;
        }
    }

    /** The event with config name {@code name}, or null. */
    public static BlkDebugEvent byConfigName(String name) {
        for (BlkDebugEvent e : values()) {
            if (e.configName().equals(name)) {
                return e;
            }
        }
        return null;
    }
}
