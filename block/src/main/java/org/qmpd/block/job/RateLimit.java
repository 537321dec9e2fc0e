package org.qmpd.block.job;

/**
 * A job's speed limit in bytes per second. The job reports what it has just copied and waits
 * the time that data was worth, so over a run of several seconds the job moves exactly
 * {@code speed} bytes a second however it sizes its chunks. Time lost to oversleeping or to
 * the copy itself is made up, but at most a tenth of a second of it: idle time (a pause, a
 * stretch with nothing to copy) earns no more credit for a later burst. 0 means no limit.
 */
final class RateLimit {
    private static final long SLICE_NS = 100_000_000L;

    private long speed;
    private long nextNs;

    synchronized void setSpeed(long bytesPerSecond) {
        speed = bytesPerSecond;
        nextNs = System.nanoTime();
    }

    synchronized long speed() {
        return speed;
    }

    /** Accounts {@code bytes} just done; returns the nanoseconds to wait before going on. */
    synchronized long delayAfter(long bytes) {
        if (speed <= 0 || bytes <= 0) {
            return 0;
        }
        long now = System.nanoTime();
        if (nextNs < now - SLICE_NS) {
            nextNs = now - SLICE_NS;
        }
        nextNs += (long) (bytes * 1e9 / speed);
        return Math.max(0, nextNs - now);
    }

    /** The chunk size that keeps one chunk's wait near 100 ms at this speed, within {@code [min, max]}. */
    synchronized int chunk(int min, int max) {
        if (speed <= 0) {
            return max;
        }
        long c = speed / 10;
        return (int) Math.max(min, Math.min(max, c - c % min));
    }
}
