package org.qmpd.block.graph;

import java.io.IOException;

/**
 * Allocation queries over a backing chain, for block jobs ({@code bdrv_is_allocated_above}):
 * whether a range is allocated in some layer from {@code top} down to, but not including,
 * {@code base} (null: the whole chain).
 */
public final class Allocation {
    private Allocation() {
    }

    /**
     * The run starting at {@code offset} (at most {@code length} bytes) whose bytes are all
     * allocated above {@code base}, or all not: {@code allocated} says which.
     */
    public record Run(boolean allocated, long length) {
    }

    public static Run above(BlockNode top, BlockNode base, long offset, long length) throws IOException {
        long run = length;
        for (BlockNode n = top; n != null && n != base; n = n.backing()) {
            if (offset >= n.size()) {
                continue;
            }
            BlockNode.Status s = n.blockStatus(offset, Math.min(run, n.size() - offset));
            if (s.isAllocated()) {
                return new Run(true, s.length());
            }
            run = Math.min(run, s.length());
        }
        return new Run(false, Math.max(run, 1));
    }
}
