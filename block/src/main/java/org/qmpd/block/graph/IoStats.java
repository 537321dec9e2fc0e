package org.qmpd.block.graph;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * A node's I/O accounting, the counters of 2.4's {@code BlockAcctStats}: operations, bytes and
 * total time per kind, merged requests, and the highest sector written. Guest-like I/O
 * (NBD clients, {@code qemu-io}, the guest workload) is accounted on the device's root node;
 * {@link #highestSector} moves on every write that reaches the node. Lock-free.
 */
public final class IoStats {
    /** The three kinds 2.4 accounts. */
    public enum Kind {
        READ, WRITE, FLUSH
    }

    private final LongAdder[] bytes = adders();
    private final LongAdder[] ops = adders();
    private final LongAdder[] merged = adders();
    private final LongAdder[] totalNs = adders();
    private final AtomicLong highestSector = new AtomicLong();

    private static LongAdder[] adders() {
        LongAdder[] a = new LongAdder[Kind.values().length];
        for (int i = 0; i < a.length; i++) {
            a[i] = new LongAdder();
        }
        return a;
    }

    /** One request of {@code length} bytes done, started at {@code startNanos} ({@code block_acct_done}). */
    public void done(Kind kind, long length, long startNanos) {
        done(kind, length, startNanos, 1);
    }

    /**
     * {@code requests} requests, merged into one I/O of {@code length} bytes, done: each counts
     * as an operation with the I/O's time, and all but one as merged (as virtio-blk accounts
     * the requests of a merged batch).
     */
    public void done(Kind kind, long length, long startNanos, int requests) {
        int k = kind.ordinal();
        ops[k].add(requests);
        bytes[k].add(length);
        totalNs[k].add((System.nanoTime() - startNanos) * requests);
        if (requests > 1) {
            merged[k].add(requests - 1);
        }
    }

    /** {@code n} requests were merged into others ({@code block_acct_merge_done}). */
    public void merged(Kind kind, long n) {
        merged[kind.ordinal()].add(n);
    }

    /** A write of {@code [offset, offset + length)} reached the node ({@code block_acct_highest_sector}). */
    public void wrote(long offset, long length) {
        if (length <= 0) {
            return;
        }
        long lastSector = (offset + length - 1) >>> 9;
        if (lastSector > highestSector.get()) {
            // only the rare new maximum pays for the compare-and-set
            highestSector.accumulateAndGet(lastSector, Math::max);
        }
    }

    public long bytes(Kind kind) {
        return bytes[kind.ordinal()].sum();
    }

    public long operations(Kind kind) {
        return ops[kind.ordinal()].sum();
    }

    public long merged(Kind kind) {
        return merged[kind.ordinal()].sum();
    }

    public long totalTimeNs(Kind kind) {
        return totalNs[kind.ordinal()].sum();
    }

    /** 2.4's {@code wr_highest_offset}: the start of the highest sector written. */
    public long highestOffset() {
        return highestSector.get() << 9;
    }
}
