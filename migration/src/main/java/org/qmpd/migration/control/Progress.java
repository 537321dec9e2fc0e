package org.qmpd.migration.control;

import org.qmpd.migration.state.MigrationStatus;

/**
 * A snapshot of the outgoing migration for {@code query-migrate}: every number 2.4's
 * {@code MigrationInfo} can show, whichever of them the status shows.
 */
public record Progress(MigrationStatus status, long totalTimeMs, long setupTimeMs, long expectedDowntimeMs,
        long downtimeMs, Ram ram, Xbzrle xbzrle) {

    /** {@code MigrationStats}. */
    public record Ram(long transferred, long remaining, long total, long duplicate, long skipped, long normal,
            long normalBytes, long dirtyPagesRate, double mbps, long dirtySyncCount) {
    }

    /** {@code XBZRLECacheStats}. */
    public record Xbzrle(long cacheSize, long bytes, long pages, long cacheMiss, double cacheMissRate, long overflow) {
    }
}
