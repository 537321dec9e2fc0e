package org.qmpd.migration.stream;

import java.util.concurrent.atomic.AtomicLong;

/**
 * What the source has sent of RAM, for {@code query-migrate}'s {@code ram} and
 * {@code xbzrle-cache}: written by the migration thread, read by any thread.
 */
public final class RamCounters {
    /** Zero pages sent ({@code duplicate}). */
    public final AtomicLong duplicate = new AtomicLong();
    /** Whole pages sent, as they are or compressed ({@code normal}). */
    public final AtomicLong normal = new AtomicLong();
    /** Pages in the current dirty set not sent yet ({@code remaining} / page size). */
    public final AtomicLong remainingPages = new AtomicLong();
    public final AtomicLong xbzrlePages = new AtomicLong();
    /** Stream bytes of the XBZRLE records. */
    public final AtomicLong xbzrleBytes = new AtomicLong();
    public final AtomicLong cacheMiss = new AtomicLong();
    public final AtomicLong overflow = new AtomicLong();
    /** Pages the XBZRLE path looked at, for the cache miss rate. */
    public final AtomicLong xbzrleIterations = new AtomicLong();
    /** Pages compressed and the bytes they took on the wire. */
    public final AtomicLong compressedPages = new AtomicLong();
    public final AtomicLong compressedBytes = new AtomicLong();
}
