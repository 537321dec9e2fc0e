package org.qmpd.migration.state;

import java.util.EnumSet;
import java.util.Set;

import org.osgi.service.component.annotations.Component;

/**
 * What the migration commands set and a migration reads, as 2.4 keeps it in its
 * {@code MigrationState}: the capabilities, the three 2.4 parameters, the bandwidth limit
 * ({@code migrate_set_speed}), the downtime limit ({@code migrate_set_downtime}) and the XBZRLE
 * cache size. Commands change it under the machine lock; a running migration reads the limits
 * live from its own thread, so every field is safe to read from any thread.
 */
@Component(service = MigrationSettings.class)
public final class MigrationSettings {
    /** 2.4's {@code MAX_THROTTLE}: 32 MiB/s until {@code migrate_set_speed} says otherwise. */
    public static final long DEFAULT_BANDWIDTH = 32L << 20;
    /** 2.4's {@code max_downtime}: 300 ms. */
    public static final long DEFAULT_DOWNTIME_NS = 300_000_000L;
    public static final long DEFAULT_CACHE_SIZE = 64L << 20;
    public static final int DEFAULT_COMPRESS_LEVEL = 1;
    public static final int DEFAULT_COMPRESS_THREADS = 8;
    public static final int DEFAULT_DECOMPRESS_THREADS = 2;

    private final Set<Capability> capabilities = EnumSet.noneOf(Capability.class);
    private volatile int compressLevel = DEFAULT_COMPRESS_LEVEL;
    private volatile int compressThreads = DEFAULT_COMPRESS_THREADS;
    private volatile int decompressThreads = DEFAULT_DECOMPRESS_THREADS;
    private volatile long bandwidthLimit = DEFAULT_BANDWIDTH;
    private volatile long maxDowntimeNs = DEFAULT_DOWNTIME_NS;
    private volatile long cacheSize = DEFAULT_CACHE_SIZE;

    public synchronized boolean enabled(Capability c) {
        return capabilities.contains(c);
    }

    public synchronized void set(Capability c, boolean state) {
        if (state) {
            capabilities.add(c);
        } else {
            capabilities.remove(c);
        }
    }

    /** The capabilities on now, as a migration takes them when it starts. */
    public synchronized Set<Capability> capabilities() {
        return capabilities.isEmpty() ? EnumSet.noneOf(Capability.class) : EnumSet.copyOf(capabilities);
    }

    public int compressLevel() {
        return compressLevel;
    }

    public void setCompressLevel(int level) {
        compressLevel = level;
    }

    public int compressThreads() {
        return compressThreads;
    }

    public void setCompressThreads(int threads) {
        compressThreads = threads;
    }

    public int decompressThreads() {
        return decompressThreads;
    }

    public void setDecompressThreads(int threads) {
        decompressThreads = threads;
    }

    /** Bytes per second a migration may send; 0 means no limit, as in 2.4's rate limiter. */
    public long bandwidthLimit() {
        return bandwidthLimit;
    }

    public void setBandwidthLimit(long bytesPerSecond) {
        bandwidthLimit = bytesPerSecond;
    }

    public long maxDowntimeNs() {
        return maxDowntimeNs;
    }

    public void setMaxDowntimeNs(long ns) {
        maxDowntimeNs = ns;
    }

    public long cacheSize() {
        return cacheSize;
    }

    public void setCacheSize(long bytes) {
        cacheSize = bytes;
    }
}
