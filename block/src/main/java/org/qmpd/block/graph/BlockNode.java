package org.qmpd.block.graph;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.qmpd.block.bitmap.DirtyBitmaps;

/**
 * One node of the block graph, QEMU's {@code BlockDriverState}: a driver instance ({@code file},
 * {@code raw}, {@code qcow2}, ...) with an optional node name, its children ({@code file},
 * {@code backing}), and what QEMU keeps per node: dirty bitmaps, the write threshold, I/O
 * statistics and before-write hooks.
 *
 * <p>The public I/O methods are the generic layer ({@code bdrv_co_preadv/pwritev}): a write
 * runs the before-write hooks (the write threshold, a backup's copy-before-write), lands
 * through the driver, then marks the dirty bitmaps and the highest sector written.
 * Subclasses implement the {@code *At} methods. All I/O methods are thread-safe and may run
 * concurrently; drivers choose their own locking.
 */
public abstract class BlockNode {
    /** {@link #blockStatus} flags, as NBD's {@code base:allocation} and QEMU's BDRV_BLOCK_*. */
    public static final int STATUS_DATA = 1;
    public static final int STATUS_ZERO = 2;
    /** The range is allocated in this node, not left to its backing file. */
    public static final int STATUS_ALLOCATED = 4;

    /** A run of bytes with the same status, from the offset asked. */
    public record Status(int flags, long length) {
        public boolean isAllocated() {
            return (flags & STATUS_ALLOCATED) != 0;
        }

        public boolean isZero() {
            return (flags & STATUS_ZERO) != 0;
        }
    }

    /** Runs before a write, discard or write-zeroes lands on a node (QEMU's before-write notifier). */
    @FunctionalInterface
    public interface BeforeWrite {
        void beforeWrite(BlockNode node, long offset, long length) throws IOException;
    }

    /** Told when a write crosses the node's write threshold (to emit BLOCK_WRITE_THRESHOLD). */
    @FunctionalInterface
    public interface ThresholdListener {
        void thresholdCrossed(BlockNode node, WriteThreshold.Crossing crossing);
    }

    private final String driver;
    private volatile String nodeName;
    private volatile NodeOptions options;
    private final DirtyBitmaps bitmaps = new DirtyBitmaps();
    private final WriteThreshold threshold = new WriteThreshold();
    private final IoStats stats = new IoStats();
    private final List<BeforeWrite> hooks = new CopyOnWriteArrayList<>();
    private volatile ThresholdListener thresholdListener;

    protected BlockNode(String driver, NodeOptions options) {
        this.driver = driver;
        this.options = options;
    }

    /** The driver name QEMU reports as {@code drv}: {@code file}, {@code raw}, {@code qcow2}. */
    public final String driver() {
        return driver;
    }

    /** The node name, or null for an unnamed node (2.4 gives no automatic names). */
    public final String nodeName() {
        return nodeName;
    }

    public final void setNodeName(String name) {
        this.nodeName = name;
    }

    public final NodeOptions options() {
        return options;
    }

    public final boolean isReadOnly() {
        return options.readOnly();
    }

    /** {@code bs->filename}: the file name for protocols and formats over one, the spec otherwise. */
    public abstract String filename();

    /** The virtual size in bytes. */
    public abstract long size();

    /** The protocol child ({@code bs->file}), or null. */
    public BlockNode file() {
        return null;
    }

    /** The backing node ({@code bs->backing_hd}), or null. */
    public BlockNode backing() {
        return null;
    }

    /** The backing file name as the image stores it, or null. */
    public String backingFileName() {
        return null;
    }

    /** The backing format the image stores, or null. */
    public String backingFormat() {
        return null;
    }

    /** Cluster size for {@code query-block} and the default bitmap granularity, or 0 if the driver has none. */
    public int clusterSize() {
        return 0;
    }

    /** Whether {@code bdrv_get_info} succeeds for this driver (it gives {@code dirty-flag}). */
    public boolean hasDriverInfo() {
        return false;
    }

    /** The bytes of the host file this node's data takes ({@code actual-size}), or -1. */
    public long allocatedFileSize() {
        BlockNode f = file();
        return f == null ? -1 : f.allocatedFileSize();
    }

    public final DirtyBitmaps bitmaps() {
        return bitmaps;
    }

    public final WriteThreshold threshold() {
        return threshold;
    }

    public final IoStats stats() {
        return stats;
    }

    public final void addBeforeWrite(BeforeWrite hook) {
        hooks.add(hook);
    }

    public final void removeBeforeWrite(BeforeWrite hook) {
        hooks.remove(hook);
    }

    public final void setThresholdListener(ThresholdListener listener) {
        this.thresholdListener = listener;
    }

    /** The depth of the backing chain below this node. */
    public final int backingDepth() {
        int depth = 0;
        for (BlockNode b = backing(); b != null; b = b.backing()) {
            depth++;
        }
        return depth;
    }

    // ---- the generic I/O layer -------------------------------------------------------

    /** Reads {@code dst.remaining()} bytes at {@code offset} into {@code dst}. */
    public final void read(long offset, ByteBuffer dst) throws IOException {
        if (offset < 0) {
            throw new BlockIOException(BlockIOException.EIO);
        }
        if (!dst.hasRemaining()) {
            return;
        }
        readAt(offset, dst);
    }

    /** Writes {@code src.remaining()} bytes at {@code offset}. */
    public final void write(long offset, ByteBuffer src) throws IOException {
        int length = src.remaining();
        beforeWrite(offset, length);
        if (length == 0) {
            return;
        }
        String detect = options.detectZeroes();
        if (!"off".equals(detect) && isZero(src)) {
            // detect-zeroes: a buffer of zeroes becomes a write-zeroes request, as 2.4 does
            src.position(src.limit());
            writeZeroesAt(offset, length, "unmap".equals(detect) && options.discardUnmap());
        } else {
            writeAt(offset, src);
        }
        afterWrite(offset, length);
    }

    private static boolean isZero(ByteBuffer b) {
        int i = b.position();
        int end = b.limit();
        for (; i + 8 <= end; i += 8) {
            if (b.getLong(i) != 0) {
                return false;
            }
        }
        for (; i < end; i++) {
            if (b.get(i) != 0) {
                return false;
            }
        }
        return true;
    }

    /** Makes {@code [offset, offset + length)} read as zeroes; {@code mayUnmap} lets the driver deallocate. */
    public final void writeZeroes(long offset, long length, boolean mayUnmap) throws IOException {
        beforeWrite(offset, length);
        if (length == 0) {
            return;
        }
        writeZeroesAt(offset, length, mayUnmap);
        afterWrite(offset, length);
    }

    /**
     * Discards {@code [offset, offset + length)}: the data becomes undefined (zero or the
     * backing's). Ignored unless the node was opened with {@code discard=unmap}.
     */
    public final void discard(long offset, long length) throws IOException {
        if (isReadOnly()) {
            throw new BlockIOException(BlockIOException.EPERM);
        }
        if (offset < 0) {
            throw new BlockIOException(BlockIOException.EIO);
        }
        if (!options.discardUnmap()) {
            return; // discard=ignore, the default: 2.4's bdrv_co_discard drops the request
        }
        for (BeforeWrite hook : hooks) {
            hook.beforeWrite(this, offset, length);
        }
        if (length == 0) {
            return;
        }
        discardAt(offset, length);
        bitmaps.markWrite(offset, length);
    }

    /** Flushes this node then its file child, as 2.4's {@code bdrv_co_flush}. */
    public final void flush() throws IOException {
        flushToOs();
        if (!options.noFlush()) {
            flushToDisk();
        }
        BlockNode f = file();
        if (f != null) {
            f.flush();
        }
    }

    private void beforeWrite(long offset, long length) throws IOException {
        if (isReadOnly()) {
            throw new BlockIOException(BlockIOException.EPERM);
        }
        if (offset < 0) {
            throw new BlockIOException(BlockIOException.EIO);
        }
        if (threshold.isEnabled()) {
            WriteThreshold.Crossing crossing = threshold.check(offset, length);
            ThresholdListener l = thresholdListener;
            if (crossing != null && l != null) {
                l.thresholdCrossed(this, crossing);
            }
        }
        for (BeforeWrite hook : hooks) {
            hook.beforeWrite(this, offset, length);
        }
    }

    private void afterWrite(long offset, long length) throws IOException {
        stats.wrote(offset, length);
        bitmaps.markWrite(offset, length);
        if (!options.writeback()) {
            flush();
        }
    }

    /** Status of the bytes from {@code offset}, for at most {@code length} bytes. */
    public Status blockStatus(long offset, long length) throws IOException {
        return new Status(STATUS_DATA | STATUS_ALLOCATED, Math.min(length, Math.max(0, size() - offset)));
    }

    /**
     * Switches the node and its file child between read-only and read-write, keeping their
     * data and caches ({@code bdrv_reopen}, as a commit does with its base and overlay).
     * Going read-write reopens the file child first; going read-only refuses writes first.
     */
    public final void reopen(boolean readOnly) throws IOException {
        if (readOnly == isReadOnly()) {
            return;
        }
        BlockNode f = file();
        if (readOnly) {
            options = options.withReadOnly(true);
            reopenDriver(true);
            if (f != null) {
                f.reopen(true);
            }
        } else {
            if (f != null) {
                f.reopen(false);
            }
            reopenDriver(false);
            options = options.withReadOnly(false);
        }
    }

    /** Reopens what the driver itself holds (a host file) in the new mode; default nothing. */
    protected void reopenDriver(boolean readOnly) throws IOException {
    }

    /** Raises a blkdebug event on this node; only blkdebug reacts. */
    public void debugEvent(BlkDebugEvent event) {
    }

    /** Changes the virtual size ({@code bdrv_truncate}). */
    public void resize(long newSize) throws IOException {
        throw new BlockIOException(BlockIOException.ENOTSUP);
    }

    /** Releases files and caches; the node is unusable afterwards. Children are closed by their owner. */
    public void close() throws IOException {
    }

    protected abstract void readAt(long offset, ByteBuffer dst) throws IOException;

    protected abstract void writeAt(long offset, ByteBuffer src) throws IOException;

    /** Default: writes zero-filled buffers. */
    protected void writeZeroesAt(long offset, long length, boolean mayUnmap) throws IOException {
        ByteBuffer zeroes = ByteBuffer.allocateDirect((int) Math.min(length, 1 << 20));
        long done = 0;
        while (done < length) {
            int n = (int) Math.min(zeroes.capacity(), length - done);
            zeroes.clear().limit(n);
            writeAt(offset + done, zeroes);
            done += n;
        }
    }

    /** Default: discard is advisory and does nothing. */
    protected void discardAt(long offset, long length) throws IOException {
    }

    /** Writes back the driver's own caches (qcow2 metadata); default none. */
    protected void flushToOs() throws IOException {
    }

    /** Makes written data stable on the host's disk; default none. */
    protected void flushToDisk() throws IOException {
    }
}
