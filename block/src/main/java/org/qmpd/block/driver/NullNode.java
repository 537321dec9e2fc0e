package org.qmpd.block.driver;

import java.nio.ByteBuffer;
import java.util.concurrent.locks.LockSupport;

import org.qmpd.block.graph.BlockNode;
import org.qmpd.block.graph.NodeOptions;

/**
 * The {@code null-co} protocol: a device of {@code size} bytes (1 GiB by default) whose writes
 * vanish and whose reads return zeroes, after an optional {@code latency-ns} delay. For tests
 * and benchmarks of everything above the storage.
 */
public final class NullNode extends BlockNode {
    public static final long DEFAULT_SIZE = 1L << 30;

    private volatile long size;
    private final long latencyNs;

    public NullNode(long size, long latencyNs, NodeOptions options) {
        super("null-co", options);
        this.size = size;
        this.latencyNs = latencyNs;
    }

    @Override
    public String filename() {
        return "null-co://";
    }

    @Override
    public long size() {
        return size;
    }

    @Override
    public long allocatedFileSize() {
        return -1;
    }

    private void delay() {
        if (latencyNs > 0) {
            LockSupport.parkNanos(latencyNs);
        }
    }

    @Override
    protected void readAt(long offset, ByteBuffer dst) {
        delay();
        while (dst.remaining() >= 8) {
            dst.putLong(0);
        }
        while (dst.hasRemaining()) {
            dst.put((byte) 0);
        }
    }

    @Override
    protected void writeAt(long offset, ByteBuffer src) {
        delay();
        src.position(src.limit());
    }

    @Override
    protected void writeZeroesAt(long offset, long length, boolean mayUnmap) {
        delay();
    }

    @Override
    public Status blockStatus(long offset, long length) {
        return new Status(STATUS_ZERO | STATUS_ALLOCATED, Math.min(length, Math.max(0, size - offset)));
    }

    @Override
    public void resize(long newSize) {
        this.size = newSize;
    }
}
