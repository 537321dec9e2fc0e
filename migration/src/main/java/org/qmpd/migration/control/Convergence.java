package org.qmpd.migration.control;

/**
 * The arithmetic of pre-copy, as 2.4's {@code migration_thread} and
 * {@code migration_bitmap_sync} do it: the bandwidth measured over windows of 100 ms, the
 * dirty page rate over periods of at least a second, the test that what remains can be sent
 * within the downtime limit, and the {@code auto-converge} decision. Unlike 2.4, the test is
 * conservative, because qmpd's downtime runs until the destination has loaded everything: the
 * pages left must fit in half the limit (the other half is for stopping the guest, the device
 * state and the destination's backlog), at the lower of the last window's rate and the last
 * pass's average, so that one fast window on a busy host does not stop the guest early. And
 * the rate is of guest RAM sent (non-zero pages, whole, compressed or as deltas), not of bytes
 * on the wire: with compression or XBZRLE the wire says little of how fast pages go.
 * {@code mbps} is of the wire, as 2.4 reports it. The throttle follows the
 * later QEMU that made it progressive (2.5's {@code cpu-throttle-initial} 20% and
 * {@code cpu-throttle-increment} 10%, at most 99%): 2.4's fixed sleep is too coarse for a
 * guest workload that is not made of vCPUs. Used by the migration thread.
 */
final class Convergence {
    static final long WINDOW_NS = 100_000_000L;
    static final long PERIOD_NS = 1_000_000_000L;
    static final int THROTTLE_INITIAL = 20;
    static final int THROTTLE_INCREMENT = 10;
    static final int THROTTLE_MAX = 99;

    private long windowStart;
    private long windowBytes;
    private long windowWork;
    /** Bytes of guest RAM sent per millisecond, over the last full window. */
    private volatile double bandwidth;
    private volatile double mbps;

    private long passStart;
    private long passWork;
    private volatile double passBandwidth;

    private long periodStart;
    private long periodBytes;
    private long periodDirtyPages;
    private int highCount;
    private volatile long dirtyPagesRate;
    private volatile int throttle;

    Convergence(long now, long bytes, long work) {
        windowStart = now;
        windowBytes = bytes;
        windowWork = work;
        passStart = now;
        passWork = work;
        periodStart = now;
        periodBytes = bytes;
    }

    /**
     * Called often while sending, with the bytes on the wire and the bytes of guest RAM sent
     * so far: closes a measuring window every 100 ms.
     */
    void tick(long now, long bytes, long work) {
        if (now - windowStart >= WINDOW_NS) {
            closeWindow(now, bytes, work);
        }
    }

    private void closeWindow(long now, long bytes, long work) {
        long ns = now - windowStart;
        if (ns <= 0) {
            return;
        }
        bandwidth = (work - windowWork) / (ns / 1e6);
        mbps = (bytes - windowBytes) * 8.0 / (ns / 1e9) / 1e6;
        windowStart = now;
        windowBytes = bytes;
        windowWork = work;
    }

    /**
     * A dirty sync: {@code dirtyPages} were dirtied since the last one. Returns true when
     * {@code auto-converge} (if {@code autoConverge}) raised the throttle.
     */
    boolean sync(long now, long bytes, long work, long dirtyPages, boolean autoConverge) {
        if (now - windowStart >= WINDOW_NS / 10) {
            closeWindow(now, bytes, work);
        }
        if (now > passStart) {
            passBandwidth = (work - passWork) / ((now - passStart) / 1e6);
        }
        passStart = now;
        passWork = work;
        periodDirtyPages += dirtyPages;
        if (now - periodStart < PERIOD_NS) {
            return false;
        }
        boolean raised = false;
        long sent = bytes - periodBytes;
        if (autoConverge && periodDirtyPages * 4096 > sent / 2) {
            if (++highCount >= 2) {
                throttle = throttle == 0 ? THROTTLE_INITIAL : Math.min(THROTTLE_MAX, throttle + THROTTLE_INCREMENT);
                highCount = 0;
                raised = true;
            }
        }
        dirtyPagesRate = periodDirtyPages * 1_000_000_000L / (now - periodStart);
        periodStart = now;
        periodBytes = bytes;
        periodDirtyPages = 0;
        return raised;
    }

    /** Whether {@code remainingBytes} can go within {@code maxDowntimeNs} at the measured bandwidth. */
    boolean converged(long remainingBytes, long maxDowntimeNs) {
        double bw = passBandwidth > 0 ? Math.min(bandwidth, passBandwidth) : bandwidth;
        return remainingBytes <= bw * (maxDowntimeNs / 1e6) / 2;
    }

    /** 2.4's estimate: the bytes dirtied per second over the bandwidth, or the limit before any measure. */
    long expectedDowntimeMs(long maxDowntimeNs) {
        double bw = bandwidth;
        long rate = dirtyPagesRate;
        if (rate == 0 || bw <= 0) {
            return maxDowntimeNs / 1_000_000L;
        }
        return (long) (rate * 4096 / bw);
    }

    double mbps() {
        return mbps;
    }

    long dirtyPagesRate() {
        return dirtyPagesRate;
    }

    int throttle() {
        return throttle;
    }
}
