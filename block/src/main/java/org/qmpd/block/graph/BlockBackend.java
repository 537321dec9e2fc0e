package org.qmpd.block.graph;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * A device's view of the graph, QEMU's {@code BlockBackend}: a name ({@code drive0}, or empty
 * for the anonymous backend of a device attached to a node), its root node (null when there is
 * no medium) and the device using it. Its I/O methods are the guest's: they check the request
 * against the device size (EIO past the end, as {@code blk_check_byte_request}) and account
 * it on the root node's {@link IoStats}. NBD clients, {@code qemu-io} and the guest workload
 * all come in here; block jobs use the nodes directly and are not accounted.
 *
 * <p>Every request holds the backend's drain gate for its whole length, so that a block job
 * can {@link #drainedBegin drain} the device ({@code bdrv_drained_begin}): wait for the
 * requests in flight and hold back new ones while it changes the graph under the device.
 */
public final class BlockBackend {
    private final String name;
    private volatile BlockNode root;
    private volatile String attachedDevice;
    private volatile String ioStatus = "ok";
    private volatile boolean legacyDrive;
    private final ReentrantReadWriteLock gate = new ReentrantReadWriteLock();

    public BlockBackend(String name, BlockNode root) {
        this.name = name;
        this.root = root;
    }

    /** The device name ({@code id}); empty for an anonymous backend. */
    public String name() {
        return name;
    }

    /** The root node, or null without a medium. */
    public BlockNode root() {
        return root;
    }

    /** Replaces the root (a job completing, a medium change). */
    public void setRoot(BlockNode root) {
        this.root = root;
    }

    /** The id of the device ({@code -device ...,drive=}) using this backend, or null. */
    public String attachedDevice() {
        return attachedDevice;
    }

    public void attach(String deviceId) {
        this.attachedDevice = deviceId;
    }

    /** Whether {@code -drive} made it: then unplugging its device deletes it, as 2.4's {@code blockdev_auto_del}. */
    public boolean isLegacyDrive() {
        return legacyDrive;
    }

    public void setLegacyDrive(boolean legacy) {
        this.legacyDrive = legacy;
    }

    /** {@code io-status}: reported while a device is attached ({@code ok}, {@code failed}, {@code nospace}). */
    public String ioStatus() {
        return ioStatus;
    }

    public long size() throws IOException {
        return medium().size();
    }

    /**
     * Waits until no request is in flight on this backend and holds back new ones until
     * {@link #drainedEnd}, which the same thread must call.
     */
    public void drainedBegin() {
        gate.writeLock().lock();
    }

    public void drainedEnd() {
        gate.writeLock().unlock();
    }

    private BlockNode medium() throws BlockIOException {
        BlockNode r = root;
        if (r == null) {
            throw new BlockIOException(BlockIOException.ENOMEDIUM);
        }
        return r;
    }

    private BlockNode check(long offset, long length) throws BlockIOException {
        BlockNode r = medium();
        if (offset < 0 || length < 0 || offset > r.size() || r.size() - offset < length) {
            throw new BlockIOException(BlockIOException.EIO);
        }
        return r;
    }

    private void failed(IOException e) {
        if (attachedDevice != null && "ok".equals(ioStatus)) {
            ioStatus = BlockIOException.errnoOf(e) == BlockIOException.ENOSPC ? "nospace" : "failed";
        }
    }

    public void read(long offset, ByteBuffer dst) throws IOException {
        read(offset, dst, 1);
    }

    /** As {@link #read(long, ByteBuffer)}, for {@code requests} adjacent requests merged into one. */
    public void read(long offset, ByteBuffer dst, int requests) throws IOException {
        gate.readLock().lock();
        try {
            readGated(offset, dst, requests);
        } finally {
            gate.readLock().unlock();
        }
    }

    private void readGated(long offset, ByteBuffer dst, int requests) throws IOException {
        long start = System.nanoTime();
        int length = dst.remaining();
        BlockNode r = check(offset, length);
        try {
            r.read(offset, dst);
        } catch (IOException e) {
            failed(e);
            throw e;
        } finally {
            r.stats().done(IoStats.Kind.READ, length, start, requests);
        }
    }

    public void write(long offset, ByteBuffer src) throws IOException {
        write(offset, src, 1);
    }

    /** As {@link #write(long, ByteBuffer)}, for {@code requests} adjacent requests merged into one. */
    public void write(long offset, ByteBuffer src, int requests) throws IOException {
        gate.readLock().lock();
        try {
            writeGated(offset, src, requests);
        } finally {
            gate.readLock().unlock();
        }
    }

    private void writeGated(long offset, ByteBuffer src, int requests) throws IOException {
        long start = System.nanoTime();
        int length = src.remaining();
        BlockNode r = check(offset, length);
        try {
            r.write(offset, src);
        } catch (IOException e) {
            failed(e);
            throw e;
        } finally {
            r.stats().done(IoStats.Kind.WRITE, length, start, requests);
        }
    }

    /** Write-zeroes, accounted as a write of {@code length} bytes, as 2.4 accounts it. */
    public void writeZeroes(long offset, long length, boolean mayUnmap) throws IOException {
        gate.readLock().lock();
        try {
            writeZeroesGated(offset, length, mayUnmap);
        } finally {
            gate.readLock().unlock();
        }
    }

    private void writeZeroesGated(long offset, long length, boolean mayUnmap) throws IOException {
        long start = System.nanoTime();
        BlockNode r = check(offset, length);
        try {
            r.writeZeroes(offset, length, mayUnmap);
        } catch (IOException e) {
            failed(e);
            throw e;
        } finally {
            r.stats().done(IoStats.Kind.WRITE, length, start);
        }
    }

    /** Discard is not accounted in 2.4's statistics. */
    public void discard(long offset, long length) throws IOException {
        gate.readLock().lock();
        try {
            discardGated(offset, length);
        } finally {
            gate.readLock().unlock();
        }
    }

    private void discardGated(long offset, long length) throws IOException {
        BlockNode r = check(offset, length);
        r.discard(offset, length);
    }

    public void flush() throws IOException {
        gate.readLock().lock();
        try {
            flushGated();
        } finally {
            gate.readLock().unlock();
        }
    }

    private void flushGated() throws IOException {
        long start = System.nanoTime();
        BlockNode r = medium();
        try {
            r.flush();
        } catch (IOException e) {
            failed(e);
            throw e;
        } finally {
            r.stats().done(IoStats.Kind.FLUSH, 0, start);
        }
    }

    /** {@code n} of the requests just done were merged into others. */
    public void merged(IoStats.Kind kind, int n) {
        BlockNode r = root;
        if (r != null && n > 0) {
            r.stats().merged(kind, n);
        }
    }
}
