package org.qmpd.migration.stream;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.Deflater;

import org.qmpd.core.api.GuestMemory;

/**
 * The source's compression workers ({@code compress-threads} of them): each takes a
 * {@link Job} of pages (read from RAM by the migration thread), compresses every page on its
 * own with zlib at {@code compress-level} (what zlib's {@code compress2} makes: header, deflate
 * data, adler32) and fills the job with the finished {@link StreamFormat#COMPRESSED_PAGE}
 * records. A page that deflate could not shrink (random or already compressed data, told by
 * {@link StoredPages}) skips deflate's futile search and goes as the stored block deflate
 * would have ended up writing. The migration thread writes jobs out in whatever order they
 * finish: the pages of one pass are distinct, so their order does not matter; {@link #drain}
 * is the barrier at the end of a pass. Jobs and their buffers are reused, so a gigabyte of pages makes no garbage.
 */
public final class CompressPool implements AutoCloseable {
    private static final int PAGE = GuestMemory.PAGE_SIZE;
    private static final int RECORD_MAX = 1 + 8 + 4 + StreamFormat.MAX_COMPRESSED + 64;
    /** Pages per job. */
    public static final int JOB_PAGES = 64;

    /** A batch of pages to compress and, once done, its records. */
    public static final class Job {
        final long[] pages = new long[JOB_PAGES];
        final byte[] data = new byte[JOB_PAGES * PAGE];
        final byte[] records = new byte[JOB_PAGES * RECORD_MAX];
        int count;
        int length;

        /** Adds one page's number and contents; true when the job is full. */
        public boolean add(long page, ByteBuffer from, int offset) {
            from.get(offset, data, count * PAGE, PAGE);
            pages[count++] = page;
            return count == JOB_PAGES;
        }

        public int count() {
            return count;
        }
    }

    private final int level;
    private final ExecutorService workers;
    private final ExecutorCompletionService<Job> done;
    private final BlockingQueue<Job> free;
    private final ThreadLocal<Deflater> deflaters;
    private final ThreadLocal<StoredPages> stored = ThreadLocal.withInitial(StoredPages::new);
    private final List<Deflater> all = new CopyOnWriteArrayList<>();
    private final RamCounters counters;
    private int inFlight;

    public CompressPool(int threads, int level, RamCounters counters) {
        this.level = level;
        this.counters = counters;
        int jobs = threads * 3;
        this.free = new ArrayBlockingQueue<>(jobs);
        for (int i = 0; i < jobs; i++) {
            free.add(new Job());
        }
        AtomicInteger n = new AtomicInteger();
        this.workers = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "qmpd-migration-compress-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        this.done = new ExecutorCompletionService<>(workers);
        this.deflaters = ThreadLocal.withInitial(() -> {
            Deflater d = new Deflater(this.level);
            all.add(d);
            return d;
        });
    }

    /** An empty job; while none is free, finished ones are written to {@code out}. */
    public Job take(StreamWriter out) throws IOException {
        Job job = free.poll();
        while (job == null) {
            writeOne(out);
            job = free.poll();
        }
        job.count = 0;
        return job;
    }

    /** Queues {@code job}, which now belongs to the pool; writes what has finished meanwhile. */
    public void submit(Job job, StreamWriter out) throws IOException {
        done.submit(() -> compress(job));
        inFlight++;
        for (Future<Job> f; (f = done.poll()) != null;) {
            write(f, out);
        }
    }

    /** Waits for every queued job and writes it. */
    public void drain(StreamWriter out) throws IOException {
        while (inFlight > 0) {
            writeOne(out);
        }
    }

    private void writeOne(StreamWriter out) throws IOException {
        try {
            write(done.take(), out);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("migration interrupted", e);
        }
    }

    private void write(Future<Job> f, StreamWriter out) throws IOException {
        inFlight--;
        Job job;
        try {
            job = f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("migration interrupted", e);
        } catch (ExecutionException e) {
            throw new IOException("page compression failed: " + e.getCause(), e.getCause());
        }
        try {
            out.put(ByteBuffer.wrap(job.records, 0, job.length));
        } finally {
            free.add(job);
        }
    }

    private Job compress(Job job) {
        Deflater deflater = deflaters.get();
        StoredPages storedPages = stored.get();
        byte[] records = job.records;
        int at = 0;
        for (int i = 0; i < job.count; i++) {
            int start = at;
            at += 13;
            if (level > 0 && storedPages.looksIncompressible(job.data, i * PAGE)) {
                at += storedPages.store(job.data, i * PAGE, records, at);
            } else {
                deflater.reset();
                deflater.setInput(job.data, i * PAGE, PAGE);
                deflater.finish();
                while (!deflater.finished()) {
                    at += deflater.deflate(records, at, start + RECORD_MAX - at);
                }
            }
            int len = at - start - 13;
            records[start] = (byte) StreamFormat.COMPRESSED_PAGE;
            putLong(records, start + 1, job.pages[i]);
            putInt(records, start + 9, len);
        }
        job.length = at;
        counters.compressedPages.addAndGet(job.count);
        counters.compressedBytes.addAndGet(at);
        return job;
    }

    private static void putLong(byte[] b, int at, long v) {
        putInt(b, at, (int) (v >>> 32));
        putInt(b, at + 4, (int) v);
    }

    private static void putInt(byte[] b, int at, int v) {
        b[at] = (byte) (v >>> 24);
        b[at + 1] = (byte) (v >>> 16);
        b[at + 2] = (byte) (v >>> 8);
        b[at + 3] = (byte) v;
    }

    @Override
    public void close() {
        // never shutdownNow: an interrupt inside guest RAM I/O would close the RAM's file channel
        workers.shutdown();
        try {
            workers.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (Deflater d : all) {
            d.end();
        }
    }
}
