package org.qmpd.block.graph;

import java.util.concurrent.atomic.AtomicLong;

/**
 * A node's write threshold, as 2.4's {@code block/write-threshold.c}: a byte offset (0 means
 * disabled). A write request that ends past it triggers once: {@link #check} reports how far
 * the request went beyond and disables the threshold, so the client must set it again. A
 * write ending exactly at the threshold does not trigger.
 */
public final class WriteThreshold {
    private final AtomicLong threshold = new AtomicLong();

    public long get() {
        return threshold.get();
    }

    public void set(long bytes) {
        threshold.set(bytes);
    }

    public boolean isEnabled() {
        return threshold.get() > 0;
    }

    /** How far {@code [offset, offset + length)} goes past {@code threshold}, 0 if it does not ({@code bdrv_write_threshold_exceeded}). */
    public static long exceeded(long threshold, long offset, long length) {
        if (threshold <= 0) {
            return 0;
        }
        long end = offset + length;
        return end > threshold ? end - threshold : 0;
    }

    /**
     * Checks a write before it lands; if it crosses the threshold, disables it and returns
     * the threshold that fired with the amount exceeded, else null. Only one of several
     * racing writes wins the trigger.
     */
    public Crossing check(long offset, long length) {
        while (true) {
            long t = threshold.get();
            long amount = exceeded(t, offset, length);
            if (amount == 0) {
                return null;
            }
            if (threshold.compareAndSet(t, 0)) {
                return new Crossing(t, amount);
            }
        }
    }

    /** A trigger: the threshold that was set and how far the write went beyond it. */
    public record Crossing(long threshold, long amountExceeded) {
    }
}
