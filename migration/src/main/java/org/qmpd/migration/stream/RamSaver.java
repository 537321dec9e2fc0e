package org.qmpd.migration.stream;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.function.BooleanSupplier;

import org.qmpd.core.api.GuestMemory;

/**
 * The source's RAM pre-copy, in the manner of 2.4's {@code ram_save_iterate}: a pass sends
 * every page of a dirty bitmap, choosing for each the record 2.4 would choose:
 * <ul>
 * <li>a zero page goes as a zero page (never compressed), runs of them as one record;</li>
 * <li>with {@code compress}, other pages are compressed by the {@link CompressPool}, during
 * the first (bulk) pass only if {@code xbzrle} is also on, as 2.4 switches compression off
 * after the first round when XBZRLE can do better;</li>
 * <li>with {@code xbzrle}, after the bulk pass, a page found in the {@link PageCache} goes as
 * a delta against its cached copy; a miss or an overflowing delta goes whole and refreshes
 * the cache (except in the last pass, with the guest stopped);</li>
 * <li>otherwise pages go whole, runs of them straight from guest memory.</li>
 * </ul>
 * Runs on the migration thread; {@code stop} is polled between runs.
 */
public final class RamSaver implements AutoCloseable {
    private static final int PAGE = GuestMemory.PAGE_SIZE;
    /** Pages read from RAM at a time, and so the longest run of whole pages in one record. */
    static final int CHUNK_PAGES = 64;
    private static final byte[] ZERO_PAGE = new byte[PAGE];
    private static final ByteBuffer ZERO_BUFFER = ByteBuffer.allocateDirect(PAGE);

    private enum Kind { NONE, ZERO, WHOLE }

    private final GuestMemory ram;
    private final StreamWriter out;
    private final RamCounters counters;
    private final PageCache cache;
    private final CompressPool pool;
    private final BooleanSupplier stop;
    private final byte[] current = new byte[PAGE];
    private final byte[] encoded = new byte[PAGE];
    private boolean bulkStage = true;
    private long generation;
    private int passes;

    private final ByteBuffer chunk = ByteBuffer.allocateDirect(CHUNK_PAGES * PAGE);
    private CompressPool.Job job;

    private Kind runKind = Kind.NONE;
    private long runStart;
    private int runLength;
    /** Where a run of whole pages starts in {@link #chunk}. */
    private int runOffset;

    /** {@code cache} is null without xbzrle, {@code pool} null without compress. */
    public RamSaver(GuestMemory ram, StreamWriter out, RamCounters counters, PageCache cache, CompressPool pool,
            BooleanSupplier stop) {
        this.ram = ram;
        this.out = out;
        this.counters = counters;
        this.cache = cache;
        this.pool = pool;
        this.stop = stop;
    }

    /** Sends every page set in {@code bitmap}. Returns false if {@code stop} cut the pass short. */
    public boolean sendPass(long[] bitmap, boolean lastStage) throws IOException {
        long pages = ram.pageCount();
        boolean compressNow = pool != null && (bulkStage || cache == null);
        boolean xbzrleNow = cache != null && !bulkStage;
        long sinceCheck = 0;
        long p = 0;
        while ((p = nextSet(bitmap, p, pages)) < pages) {
            long end = nextClear(bitmap, p, pages);
            while (p < end) {
                long done = ram.countZeroPages(p, end - p);
                if (done > 0) {
                    zeroPages(p, done, xbzrleNow);
                } else {
                    done = Math.min(CHUNK_PAGES, end - p);
                    sendChunk(p, (int) done, compressNow, xbzrleNow, lastStage);
                }
                p += done;
                counters.remainingPages.addAndGet(-done);
                sinceCheck += done;
                if (sinceCheck >= 1024) {
                    sinceCheck = 0;
                    if (stop.getAsBoolean()) {
                        return false;
                    }
                }
            }
        }
        endRun();
        if (compressNow) {
            submitCompress();
        }
        return !stop.getAsBoolean();
    }

    private void zeroPages(long first, long count, boolean xbzrleNow) throws IOException {
        if (xbzrleNow) {
            for (long z = first; z < first + count; z++) {
                // as xbzrle_cache_zero_page: a stale non-zero copy must not serve as a delta base
                cache.insert(z * PAGE, ZERO_PAGE, generation);
            }
        }
        extend(Kind.ZERO, first, count);
    }

    /**
     * Reads {@code count} pages from RAM in one go (no page faults, whatever this process has
     * mapped) and sends each as its content asks. Whole pages go out of the chunk itself, so
     * a run of them ends with the chunk.
     */
    private void sendChunk(long first, int count, boolean compressNow, boolean xbzrleNow, boolean lastStage)
            throws IOException {
        chunk.clear().limit(count * PAGE);
        ram.read(first * PAGE, chunk);
        for (int i = 0; i < count; i++) {
            long page = first + i;
            if (chunk.slice(i * PAGE, PAGE).mismatch(ZERO_BUFFER.duplicate()) < 0) {
                zeroPages(page, 1, xbzrleNow);
            } else if (compressNow) {
                endRun();
                if (job == null) {
                    job = pool.take(out);
                }
                if (job.add(page, chunk, i * PAGE)) {
                    submitCompress();
                }
            } else if (xbzrleNow) {
                endRun();
                chunk.get(i * PAGE, current, 0, PAGE);
                sendXbzrle(page, lastStage);
            } else {
                if (runKind != Kind.WHOLE || page != runStart + runLength) {
                    endRun();
                    runKind = Kind.WHOLE;
                    runStart = page;
                    runOffset = i * PAGE;
                    runLength = 0;
                }
                runLength++;
            }
        }
        if (runKind == Kind.WHOLE) {
            endRun();
        }
    }

    private void submitCompress() throws IOException {
        if (job != null) {
            counters.normal.addAndGet(job.count());
            pool.submit(job, out);
            job = null;
        }
    }

    /** The first page at or after {@code p} whose bit is set, or {@code pages}. */
    static long nextSet(long[] bitmap, long p, long pages) {
        if (p >= pages) {
            return pages;
        }
        int w = (int) (p >>> 6);
        long bits = bitmap[w] & (-1L << (p & 63));
        while (bits == 0) {
            if (++w >= bitmap.length) {
                return pages;
            }
            bits = bitmap[w];
        }
        return Math.min(pages, ((long) w << 6) + Long.numberOfTrailingZeros(bits));
    }

    /** The first page at or after {@code p} whose bit is clear, or {@code pages}. */
    static long nextClear(long[] bitmap, long p, long pages) {
        int w = (int) (p >>> 6);
        long bits = ~bitmap[w] & (-1L << (p & 63));
        while (bits == 0) {
            if (++w >= bitmap.length) {
                return pages;
            }
            bits = ~bitmap[w];
        }
        return Math.min(pages, ((long) w << 6) + Long.numberOfTrailingZeros(bits));
    }

    /**
     * Ends a pass: waits for the compression workers, then writes the {@link StreamFormat#SYNC}
     * record at which the destination waits for its own workers. The next pass is not the
     * bulk one and uses dirty-sync generation {@code generation} for the cache.
     */
    public void endPass(long generation) throws IOException {
        if (pool != null) {
            pool.drain(out);
        }
        out.putByte(StreamFormat.SYNC);
        out.putInt(++passes);
        out.flush();
        bulkStage = false;
        this.generation = generation;
    }

    /** Adds {@code count} zero pages from {@code page} to the run being built, or starts a new one. */
    private void extend(Kind kind, long page, long count) throws IOException {
        if (kind == runKind && page == runStart + runLength && runLength + count <= Integer.MAX_VALUE) {
            runLength += (int) count;
            return;
        }
        endRun();
        runKind = kind;
        runStart = page;
        runLength = (int) Math.min(count, Integer.MAX_VALUE);
    }

    private void endRun() throws IOException {
        switch (runKind) {
            case ZERO:
                out.putByte(StreamFormat.ZERO_PAGES);
                out.putLong(runStart);
                out.putInt(runLength);
                counters.duplicate.addAndGet(runLength);
                break;
            case WHOLE:
                out.putByte(StreamFormat.PAGES);
                out.putLong(runStart);
                out.putInt(runLength);
                out.put(chunk.slice(runOffset, runLength * PAGE));
                counters.normal.addAndGet(runLength);
                break;
            default:
                break;
        }
        runKind = Kind.NONE;
        runLength = 0;
    }

    /** 2.4's {@code save_xbzrle_page}, falling back to the whole page as 2.4's caller does. */
    private void sendXbzrle(long page, boolean lastStage) throws IOException {
        long addr = page * PAGE;
        ram.read(addr, current, 0, PAGE);
        counters.xbzrleIterations.incrementAndGet();
        if (!cache.isCached(addr, generation)) {
            counters.cacheMiss.incrementAndGet();
            if (!lastStage) {
                cache.insert(addr, current, generation);
            }
            sendWhole(page, current);
            return;
        }
        byte[] old = cache.get(addr);
        int len = Xbzrle.encode(old, current, PAGE, encoded, PAGE);
        if (len == Xbzrle.UNCHANGED) {
            return;
        }
        if (!lastStage) {
            System.arraycopy(current, 0, old, 0, PAGE);
        }
        if (len == Xbzrle.OVERFLOW) {
            counters.overflow.incrementAndGet();
            sendWhole(page, current);
            return;
        }
        out.putByte(StreamFormat.XBZRLE_PAGE);
        out.putLong(page);
        out.putShort(len);
        out.put(encoded, 0, len);
        counters.xbzrlePages.incrementAndGet();
        counters.xbzrleBytes.addAndGet(1 + 8 + 2 + len);
    }

    /** One page from a copy: what the cache holds is exactly what the destination gets. */
    private void sendWhole(long page, byte[] data) throws IOException {
        out.putByte(StreamFormat.PAGES);
        out.putLong(page);
        out.putInt(1);
        out.put(data, 0, PAGE);
        counters.normal.incrementAndGet();
    }

    @Override
    public void close() {
        if (pool != null) {
            pool.close();
        }
    }
}
