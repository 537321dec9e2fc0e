package org.qmpd.block.bitmap;

/**
 * One dirty bitmap of a node, as QEMU's {@code BdrvDirtyBitmap}: an {@link HBitmap} with one
 * bit per {@code granularity} bytes of the node, a name (null for the anonymous successor a
 * backup creates), an enabled flag, and an optional successor. While it has a successor the
 * bitmap is <em>frozen</em>: it records nothing and cannot be changed or removed; writes go to
 * the successor instead.
 *
 * <p>Thread-safe: guest I/O threads mark bits while commands and jobs read and change them.
 */
public final class DirtyBitmap {
    /** The states 2.4's {@code DirtyBitmapStatus} names. */
    public enum Status {
        active, disabled, frozen
    }

    private final long granularity;
    private final int shift;
    private volatile String name;
    private long bytes;
    private final HBitmap bits;
    private volatile boolean enabled = true;
    private volatile DirtyBitmap successor;

    public DirtyBitmap(String name, long granularity, long bytes) {
        if (granularity < 512 || Long.bitCount(granularity) != 1) {
            throw new IllegalArgumentException("Granularity must be power of 2 and at least 512");
        }
        this.name = name;
        this.granularity = granularity;
        this.shift = Long.numberOfTrailingZeros(granularity);
        this.bytes = bytes;
        this.bits = new HBitmap(itemsFor(bytes));
    }

    private long itemsFor(long length) {
        return (length + granularity - 1) >>> shift;
    }

    public String name() {
        return name;
    }

    void rename(String newName) {
        this.name = newName;
    }

    public long granularity() {
        return granularity;
    }

    public synchronized boolean isEnabled() {
        return enabled;
    }

    public synchronized void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    public boolean isFrozen() {
        return successor != null;
    }

    public DirtyBitmap successor() {
        return successor;
    }

    /** {@code frozen} with a successor, else {@code disabled} or {@code active}. */
    public Status status() {
        if (successor != null) {
            return Status.frozen;
        }
        return enabled ? Status.active : Status.disabled;
    }

    /** Whether a guest write marks this bitmap: enabled and not frozen. */
    public boolean isRecording() {
        return enabled && successor == null;
    }

    /** Dirty bytes: set bits times the granularity (the DESIGN.md decision: bytes, not sectors). */
    public synchronized long countBytes() {
        return bits.count() << shift;
    }

    /** The number of set bits. */
    public synchronized long countBits() {
        return bits.count();
    }

    /** Marks {@code [offset, offset + length)} dirty, if recording. */
    public void markWrite(long offset, long length) {
        if (!isRecording() || length <= 0) {
            return;
        }
        set(offset, length);
    }

    /** Marks {@code [offset, offset + length)} dirty, whatever the state (for jobs and merges). */
    public synchronized void set(long offset, long length) {
        long first = offset >>> shift;
        long last = (offset + length - 1) >>> shift;
        bits.set(first, last - first + 1);
    }

    /** Marks {@code [offset, offset + length)} clean. */
    public synchronized void reset(long offset, long length) {
        long first = offset >>> shift;
        long last = (offset + length - 1) >>> shift;
        bits.reset(first, last - first + 1);
    }

    /** Clears every bit ({@code block-dirty-bitmap-clear}); the caller checked the state. */
    public synchronized void clear() {
        bits.resetAll();
    }

    /** Whether the chunk containing byte {@code offset} is dirty. */
    public synchronized boolean isDirty(long offset) {
        return bits.get(offset >>> shift);
    }

    /** The start of the first dirty chunk at or after byte {@code offset}, or -1. */
    public synchronized long nextDirty(long offset) {
        long item = bits.next(offset >>> shift);
        return item < 0 ? -1 : item << shift;
    }

    /** The start of the first clean chunk at or after byte {@code offset}, or -1. */
    public synchronized long nextClean(long offset) {
        long item = bits.nextZero(offset >>> shift);
        return item < 0 ? -1 : item << shift;
    }

    /** ORs {@code other}'s bits into this one ({@code hbitmap_merge}); granularities must match. */
    public void merge(DirtyBitmap other) {
        HBitmap theirs;
        synchronized (other) {
            theirs = other.bits.copy();
        }
        synchronized (this) {
            if (other.granularity != granularity) {
                throw new IllegalArgumentException("granularities differ");
            }
            bits.merge(theirs);
        }
    }

    /** Follows a resize of the node ({@code bdrv_dirty_bitmap_truncate}). */
    public synchronized void truncate(long newBytes) {
        this.bytes = newBytes;
        bits.truncate(itemsFor(newBytes));
    }

    /** The node length this bitmap covers. */
    public synchronized long bytes() {
        return bytes;
    }

    /** A snapshot of the bits as words (bit {@code i % 64} of word {@code i / 64}), for migration and tests. */
    public synchronized long[] toWords() {
        return bits.toWords();
    }

    public synchronized void fromWords(long[] words) {
        bits.fromWords(words);
    }

    /** Installs {@code s} as the successor: this bitmap is frozen from now on. */
    void installSuccessor(DirtyBitmap s) {
        this.successor = s;
    }

    void dropSuccessor() {
        this.successor = null;
    }
}
