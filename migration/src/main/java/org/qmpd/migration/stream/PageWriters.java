package org.qmpd.migration.stream;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

import org.qmpd.core.api.GuestMemory;

/**
 * The destination's workers ({@code decompress-threads} of them) that put pages into guest
 * RAM while the reading thread reads on: compressed pages, batched and inflated, and runs of
 * whole pages, read from the stream into buffers of a small pool. Writing fresh guest RAM is
 * what costs most on a destination (the system allocates every page), so it runs beside the
 * reading. {@link #drain} waits for all of them: the destination calls it at every
 * {@link StreamFormat#SYNC} and at the end, so a page sent in one pass never lands after the
 * same page sent again in the next.
 */
public final class PageWriters implements AutoCloseable {
    private static final int PAGE = GuestMemory.PAGE_SIZE;
    private static final int BATCH = 32;
    /** Pages per buffer of whole pages. */
    static final int RUN = 64;

    private final GuestMemory ram;
    private final ExecutorService workers;
    private final ThreadLocal<Inflater> inflaters;
    private final ThreadLocal<ByteBuffer> pageBuffers = ThreadLocal.withInitial(() -> ByteBuffer.allocateDirect(PAGE));
    private final List<Inflater> all = new CopyOnWriteArrayList<>();
    private final List<Future<?>> pending = new ArrayList<>();
    private final BlockingQueue<ByteBuffer> buffers;
    private final BlockingQueue<Batch> batches;
    private Batch batch;
    private final int maxPending;

    /** Compressed pages read from the stream, to inflate together; reused. */
    private static final class Batch {
        final long[] pages = new long[BATCH];
        final int[] offsets = new int[BATCH];
        final int[] lengths = new int[BATCH];
        final byte[] data = new byte[BATCH * StreamFormat.MAX_COMPRESSED];
        int count;
        int used;
    }

    public PageWriters(GuestMemory ram, int threads) {
        this.ram = ram;
        this.maxPending = threads * 4;
        this.buffers = new ArrayBlockingQueue<>(maxPending + 2);
        this.batches = new ArrayBlockingQueue<>(maxPending + 2);
        for (int i = 0; i < maxPending + 2; i++) {
            buffers.add(ByteBuffer.allocateDirect(RUN * PAGE));
            batches.add(new Batch());
        }
        AtomicInteger n = new AtomicInteger();
        this.workers = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "qmpd-migration-load-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        this.inflaters = ThreadLocal.withInitial(() -> {
            Inflater i = new Inflater();
            all.add(i);
            return i;
        });
    }

    /** Reads one compressed page of {@code length} bytes from {@code in} and queues it. */
    public void addCompressed(long page, int length, StreamReader in) throws IOException {
        if (batch == null) {
            batch = batches.poll();
            while (batch == null) {
                reap(true);
                batch = batches.poll();
            }
            batch.count = 0;
            batch.used = 0;
        }
        Batch b = batch;
        in.get(b.data, b.used, length);
        b.pages[b.count] = page;
        b.offsets[b.count] = b.used;
        b.lengths[b.count] = length;
        b.used += length;
        if (++b.count == BATCH) {
            flushBatch();
        }
        reap(false);
    }

    private void flushBatch() {
        Batch b = batch;
        if (b == null) {
            return;
        }
        batch = null;
        pending.add(workers.submit(() -> {
            try {
                inflate(b);
            } finally {
                batches.add(b);
            }
            return null;
        }));
    }

    private void inflate(Batch b) throws IOException {
        Inflater inflater = inflaters.get();
        ByteBuffer page = pageBuffers.get();
        for (int i = 0; i < b.count; i++) {
            inflater.reset();
            inflater.setInput(b.data, b.offsets[i], b.lengths[i]);
            page.clear();
            int n;
            try {
                n = inflater.inflate(page);
            } catch (DataFormatException e) {
                throw new IOException("Failed to load compressed page " + b.pages[i] + ": " + e.getMessage());
            }
            if (n != PAGE || !inflater.finished()) {
                throw new IOException("Failed to load compressed page " + b.pages[i] + ": it does not inflate to one page");
            }
            page.flip();
            ram.write(b.pages[i] * PAGE, page);
        }
    }

    /** Reads {@code count} whole pages from {@code in} and queues them for RAM from {@code first}. */
    public void write(long first, long count, StreamReader in) throws IOException {
        while (count > 0) {
            int n = (int) Math.min(count, RUN);
            ByteBuffer b = takeBuffer();
            b.clear().limit(n * PAGE);
            in.get(b);
            b.flip();
            long at = first * PAGE;
            pending.add(workers.submit(() -> {
                try {
                    ram.write(at, b);
                } finally {
                    buffers.add(b);
                }
                return null;
            }));
            reap(false);
            first += n;
            count -= n;
        }
    }

    private ByteBuffer takeBuffer() throws IOException {
        ByteBuffer b = buffers.poll();
        while (b == null) {
            reap(true);
            b = buffers.poll();
        }
        return b;
    }

    /** Waits until every queued page is in RAM; the first failure is thrown. */
    public void drain() throws IOException {
        flushBatch();
        reap(true);
    }

    /** Collects finished batches; with {@code all}, or while too many are queued, waits for them. */
    private void reap(boolean all) throws IOException {
        while (!pending.isEmpty() && (all || pending.size() > maxPending || pending.get(0).isDone())) {
            Future<?> f = pending.remove(0);
            try {
                f.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("migration interrupted", e);
            } catch (ExecutionException e) {
                throw e.getCause() instanceof IOException ? (IOException) e.getCause() : new IOException(e.getCause());
            }
        }
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
        for (Inflater i : all) {
            i.end();
        }
    }
}
