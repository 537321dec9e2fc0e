package org.qmpd.migration.stream;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;
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
 * The source's compression workers ({@code compress-threads} of them): each takes a batch of
 * pages (read from RAM by the migration thread), compresses every page on its own with zlib at {@code compress-level} (what zlib's
 * {@code compress2} makes: header, deflate data, adler32) and returns the finished
 * {@link StreamFormat#COMPRESSED_PAGE} records. The migration thread hands runs in and
 * writes the results out in whatever order they finish: the pages of one pass are distinct,
 * so their order does not matter; {@link #drain} is the barrier at the end of a pass.
 */
public final class CompressPool implements AutoCloseable {
    private static final int PAGE = GuestMemory.PAGE_SIZE;
    private static final int RECORD_MAX = 1 + 8 + 4 + StreamFormat.MAX_COMPRESSED + 64;

    private final int level;
    private final int maxInFlight;
    private final ExecutorService workers;
    private final ExecutorCompletionService<ByteBuffer> done;
    private final ThreadLocal<Deflater> deflaters;
    private final List<Deflater> all = new CopyOnWriteArrayList<>();
    private final RamCounters counters;
    private int inFlight;

    public CompressPool(int threads, int level, RamCounters counters) {
        this.level = level;
        this.counters = counters;
        this.maxInFlight = threads * 3;
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

    /**
     * Queues {@code count} pages whose numbers are in {@code pages} and whose contents are in
     * {@code data}; both now belong to the pool. Writes finished results while the queue is full.
     */
    public void submit(long[] pages, byte[] data, int count, StreamWriter out) throws IOException {
        while (inFlight >= maxInFlight) {
            writeOne(out);
        }
        done.submit(() -> compress(pages, data, count));
        inFlight++;
        for (Future<ByteBuffer> f; (f = done.poll()) != null;) {
            write(f, out);
        }
    }

    /** Waits for every queued run and writes it. */
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

    private void write(Future<ByteBuffer> f, StreamWriter out) throws IOException {
        inFlight--;
        try {
            out.put(f.get());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("migration interrupted", e);
        } catch (ExecutionException e) {
            throw new IOException("page compression failed: " + e.getCause(), e.getCause());
        }
    }

    private ByteBuffer compress(long[] pages, byte[] data, int count) {
        Deflater deflater = deflaters.get();
        byte[] records = new byte[count * RECORD_MAX];
        ByteBuffer out = ByteBuffer.wrap(records);
        long bytes = 0;
        for (int i = 0; i < count; i++) {
            deflater.reset();
            deflater.setInput(data, i * PAGE, PAGE);
            deflater.finish();
            int start = out.position();
            out.put((byte) StreamFormat.COMPRESSED_PAGE).putLong(pages[i]).putInt(0);
            int len = 0;
            while (!deflater.finished()) {
                len += deflater.deflate(records, out.position() + len, RECORD_MAX - 13 - len);
            }
            out.putInt(start + 9, len);
            out.position(out.position() + len);
            bytes += 13 + len;
        }
        counters.compressedPages.addAndGet(count);
        counters.compressedBytes.addAndGet(bytes);
        out.flip();
        return out;
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
