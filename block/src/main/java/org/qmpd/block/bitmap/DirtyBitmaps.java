package org.qmpd.block.bitmap;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The dirty bitmaps of one node, newest first (QEMU inserts at the head of the node's list),
 * with the successor protocol the backup job uses:
 * <ol>
 * <li>{@link #createSuccessor} freezes a bitmap and adds an anonymous, enabled successor that
 * records the writes made from then on;</li>
 * <li>on success {@link #abdicate} drops the parent and gives its name to the successor, which
 * holds only the writes made during the job;</li>
 * <li>on failure or cancel {@link #reclaim} merges the successor back into the parent and
 * unfreezes it, so nothing is lost.</li>
 * </ol>
 * Writes mark every recording bitmap through {@link #markWrite}; the list is copy-on-write so
 * the I/O path iterates without locks.
 */
public final class DirtyBitmaps {
    private final CopyOnWriteArrayList<DirtyBitmap> bitmaps = new CopyOnWriteArrayList<>();

    /** Every bitmap, newest first, anonymous successors included. */
    public List<DirtyBitmap> all() {
        return List.copyOf(bitmaps);
    }

    public boolean isEmpty() {
        return bitmaps.isEmpty();
    }

    /** The bitmap called {@code name}, or null. */
    public DirtyBitmap find(String name) {
        for (DirtyBitmap b : bitmaps) {
            if (name.equals(b.name())) {
                return b;
            }
        }
        return null;
    }

    /** Adds a new, empty, enabled bitmap at the head; the caller has checked the name. */
    public DirtyBitmap create(String name, long granularity, long nodeBytes) {
        DirtyBitmap b = new DirtyBitmap(name, granularity, nodeBytes);
        bitmaps.add(0, b);
        return b;
    }

    /** Adds an existing bitmap at the head (migration's destination). */
    public void add(DirtyBitmap b) {
        bitmaps.add(0, b);
    }

    public void remove(DirtyBitmap b) {
        bitmaps.remove(b);
    }

    /** Marks {@code [offset, offset + length)} in every recording bitmap. */
    public void markWrite(long offset, long length) {
        for (DirtyBitmap b : bitmaps) {
            b.markWrite(offset, length);
        }
    }

    /** Follows a resize of the node. */
    public void truncate(long newBytes) {
        for (DirtyBitmap b : bitmaps) {
            b.truncate(newBytes);
        }
    }

    /**
     * Freezes {@code parent} and gives it an anonymous successor with the same granularity and
     * enabled state ({@code bdrv_dirty_bitmap_create_successor}).
     *
     * @throws IllegalStateException {@code Cannot create a successor for a bitmap that is currently frozen}
     */
    public synchronized DirtyBitmap createSuccessor(DirtyBitmap parent) {
        if (parent.isFrozen()) {
            throw new IllegalStateException("Cannot create a successor for a bitmap that is currently frozen");
        }
        DirtyBitmap successor = new DirtyBitmap(null, parent.granularity(), parent.bytes());
        successor.setEnabled(parent.isEnabled());
        bitmaps.add(0, successor);
        parent.installSuccessor(successor);
        return successor;
    }

    /**
     * The job succeeded: the successor takes the parent's name and place, the parent goes
     * ({@code bdrv_dirty_bitmap_abdicate}). Returns the successor.
     */
    public synchronized DirtyBitmap abdicate(DirtyBitmap parent) {
        DirtyBitmap successor = parent.successor();
        if (successor == null) {
            throw new IllegalStateException("bitmap has no successor");
        }
        successor.rename(parent.name());
        parent.rename(null);
        parent.dropSuccessor();
        bitmaps.remove(parent);
        return successor;
    }

    /**
     * The job failed or was cancelled: the successor's bits are merged into the parent, the
     * successor goes and the parent is unfrozen ({@code bdrv_reclaim_dirty_bitmap}). Returns the parent.
     */
    public synchronized DirtyBitmap reclaim(DirtyBitmap parent) {
        DirtyBitmap successor = parent.successor();
        if (successor == null) {
            throw new IllegalStateException("bitmap has no successor");
        }
        // Unfreeze first so that a write racing with the reclaim marks the parent itself.
        parent.dropSuccessor();
        bitmaps.remove(successor);
        parent.merge(successor);
        return parent;
    }
}
