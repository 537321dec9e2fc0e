package org.qmpd.migration.control;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

import org.qmpd.core.api.GuestMemory;
import org.qmpd.migration.state.Capability;
import org.qmpd.migration.state.MigrationStatus;
import org.qmpd.migration.stream.CompressPool;
import org.qmpd.migration.stream.PageCache;
import org.qmpd.migration.stream.RamCounters;
import org.qmpd.migration.stream.RamSaver;
import org.qmpd.migration.stream.StreamFormat;
import org.qmpd.migration.stream.StreamWriter;
import org.qmpd.migration.transport.Connection;
import org.qmpd.migration.transport.Endpoint;
import org.qmpd.migration.transport.TransportException;

/**
 * One outgoing migration, on its own thread ({@code qmpd-migration}), as 2.4's
 * {@code migration_thread}: connect, send the header, pre-copy RAM pass after pass while the
 * guest runs until what is left fits in the downtime limit at the measured bandwidth, then
 * stop the guest, send the rest of RAM and every device-state section, and wait for the
 * destination's verdict on the return path (sockets only). The machine lock is taken only to
 * change states and to save the sections, never while streaming. Any failure leaves the source
 * as it was: the guest runs again if it ran, and nothing of its state is lost.
 */
final class OutgoingMigration implements Runnable {
    private static final int PAGE = GuestMemory.PAGE_SIZE;

    private final SourceMigration owner;
    private final Endpoint endpoint;
    private final Set<Capability> caps;
    final long startNs = System.nanoTime();
    final RamCounters counters = new RamCounters();
    private final Thread thread;

    private volatile boolean cancelRequested;
    private volatile Connection connection;
    private volatile java.io.Closeable connecting;
    private volatile StreamWriter writer;
    private volatile Convergence convergence;
    private volatile long setupTimeMs;
    private volatile long dirtySyncCount;
    private volatile long totalTimeMs = -1;
    private volatile long downtimeMs;
    private volatile double finalMbps;
    private volatile double cacheMissRate;
    private volatile String peerFailure;

    OutgoingMigration(SourceMigration owner, Endpoint endpoint, Set<Capability> caps) {
        this.owner = owner;
        this.endpoint = endpoint;
        this.caps = caps;
        this.thread = new Thread(this, "qmpd-migration");
        this.thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    /**
     * Stops the migration as soon as possible (2.4's {@code migrate_fd_cancel}); never blocks.
     * The thread is not interrupted: an interrupt in the middle of a transfer from guest RAM
     * would close the RAM's file channel. Closing the connection unblocks it instead.
     */
    void cancel() {
        cancelRequested = true;
        StreamWriter out = writer;
        if (out != null) {
            out.abort();
        }
        java.io.Closeable c = connecting;
        if (c != null) {
            try {
                c.close();
            } catch (IOException e) {
                // cancelling anyway
            }
        }
        Connection conn = connection;
        if (conn != null) {
            conn.shutdown();
        }
    }

    void join(long millis) throws InterruptedException {
        thread.join(millis);
    }

    @Override
    public void run() {
        OutgoingMigrationStop stopped = null;
        String failure = null;
        RamSaver saver = null;
        GuestMemory.DirtyLog log = null;
        try {
            Connection conn = endpoint.connect(c -> connecting = c);
            connection = conn;
            if (cancelRequested) {
                throw new IOException("cancelled");
            }
            GuestMemory ram = owner.ram();
            StreamWriter out = new StreamWriter(conn.output(), () -> owner.settings().bandwidthLimit());
            writer = out;
            if (cancelRequested) {
                throw new IOException("cancelled");
            }
            CompletableFuture<String> verdict = conn.isSocket() ? readVerdict(conn) : null;
            writeHeader(out, ram, conn.isSocket());
            log = ram.startDirtyLog();
            long pages = ram.pageCount();
            long[] bitmap = allPages(pages);
            counters.remainingPages.set(pages);
            Convergence conv = new Convergence(System.nanoTime(), out.transferred(), 0);
            convergence = conv;
            saver = new RamSaver(ram, out, counters,
                    caps.contains(Capability.XBZRLE) ? new PageCache(owner.settings().cacheSize(), PAGE) : null,
                    caps.contains(Capability.COMPRESS) ? new CompressPool(owner.settings().compressThreads(),
                            owner.settings().compressLevel(), counters) : null,
                    () -> {
                        conv.tick(System.nanoTime(), out.transferred(), ramSent());
                        return cancelRequested;
                    });
            setupTimeMs = (System.nanoTime() - startNs) / 1_000_000L;
            if (!owner.transition(MigrationStatus.SETUP, MigrationStatus.ACTIVE)) {
                throw new IOException("cancelled");
            }
            bitmap = precopy(saver, log, bitmap, conv, out);
            stopped = owner.stopForCompletion();
            if (stopped == null) {
                throw new IOException("cancelled");
            }
            out.setUnlimited();
            // what the last sync found is still to send, with what was dirtied since
            long[] last = log.sync();
            for (int i = 0; i < bitmap.length; i++) {
                bitmap[i] |= last[i];
            }
            counters.remainingPages.set(popcount(bitmap));
            if (!saver.sendPass(bitmap, true)) {
                throw new IOException("cancelled");
            }
            saver.endPass(++dirtySyncCount);
            writeSections(out, stopped);
            out.flush();
            if (verdict != null) {
                String refused = verdict.get();
                if (refused != null) {
                    throw new IOException(refused);
                }
            } else {
                conn.close();
            }
            long now = System.nanoTime();
            downtimeMs = (now - stopped.at()) / 1_000_000L;
            totalTimeMs = (now - startNs) / 1_000_000L;
            finalMbps = totalTimeMs == 0 ? 0 : out.transferred() * 8.0 / totalTimeMs / 1000.0;
        } catch (TransportException e) {
            failure = e.getMessage();
        } catch (IOException | RuntimeException e) {
            failure = peerFailure != null ? peerFailure : describe(e);
        } catch (InterruptedException e) {
            failure = "cancelled";
        } catch (ExecutionException e) {
            failure = describe(e.getCause());
        } finally {
            if (saver != null) {
                saver.close();
            }
            if (log != null) {
                log.close();
            }
            Connection c = connection;
            if (c != null) {
                c.close();
            }
            owner.workload().setThrottle(0);
        }
        owner.finish(this, failure, stopped == null ? null : stopped.previous(), stopped != null && stopped.wasRunning());
    }

    /**
     * Pass after pass while the guest runs, until what the last dirty sync found fits the
     * downtime limit; returns that last bitmap, still to send.
     */
    private long[] precopy(RamSaver saver, GuestMemory.DirtyLog log, long[] bitmap, Convergence conv, StreamWriter out)
            throws IOException {
        long lastMiss = 0;
        long lastIterations = 0;
        while (true) {
            if (!saver.sendPass(bitmap, false)) {
                throw new IOException("cancelled");
            }
            bitmap = log.sync();
            long dirty = popcount(bitmap);
            counters.remainingPages.set(dirty);
            saver.endPass(++dirtySyncCount);
            if (conv.sync(System.nanoTime(), out.transferred(), ramSent(), dirty, caps.contains(Capability.AUTO_CONVERGE))) {
                owner.workload().setThrottle(conv.throttle());
            }
            // 2.4's xbzrle cache-miss-rate: misses per page looked at since the last sync
            long iterations = counters.xbzrleIterations.get() - lastIterations;
            if (iterations > 0) {
                cacheMissRate = (double) (counters.cacheMiss.get() - lastMiss) / iterations;
            }
            lastMiss = counters.cacheMiss.get();
            lastIterations = counters.xbzrleIterations.get();
            if (conv.converged(dirty * PAGE, owner.settings().maxDowntimeNs())) {
                return bitmap;
            }
        }
    }

    /** Bytes of guest RAM sent so far, whole, compressed or as deltas: what convergence measures. */
    private long ramSent() {
        return (counters.normal.get() + counters.xbzrlePages.get()) * PAGE;
    }

    private void writeHeader(StreamWriter out, GuestMemory ram, boolean returnPath) throws IOException {
        out.put(StreamFormat.MAGIC, 0, StreamFormat.MAGIC.length);
        out.putInt(StreamFormat.VERSION);
        out.putByte(returnPath ? StreamFormat.FLAG_RETURN_PATH : 0);
        byte[] id = StreamFormat.RAM_BLOCK.getBytes(StandardCharsets.US_ASCII);
        out.putByte(id.length);
        out.put(id, 0, id.length);
        out.putLong(ram.size());
        out.putInt(PAGE);
    }

    /** The source's run state first (as 2.4's {@code globalstate}), then every section, then the end. */
    private static void writeSections(StreamWriter out, OutgoingMigrationStop stopped) throws IOException {
        byte[] state = stopped.previous().qapiName().getBytes(StandardCharsets.US_ASCII);
        byte[] global = new byte[state.length + 1];
        global[0] = (byte) state.length;
        System.arraycopy(state, 0, global, 1, state.length);
        writeSection(out, StreamFormat.GLOBAL_STATE, 1, global);
        for (SavevmHandlers.Section s : stopped.sections()) {
            writeSection(out, s.id(), s.version(), s.data());
        }
        out.putByte(StreamFormat.END);
    }

    private static void writeSection(StreamWriter out, String id, int version, byte[] data) throws IOException {
        byte[] name = id.getBytes(StandardCharsets.UTF_8);
        out.putByte(StreamFormat.SECTION);
        out.putByte(name.length);
        out.put(name, 0, name.length);
        out.putInt(version);
        out.putInt(data.length);
        out.put(data, 0, data.length);
    }

    /**
     * Reads the destination's one reply on its own thread: null when it loaded everything, else
     * its reason. A failure, or the connection closing first, cuts the stream short at once.
     */
    private CompletableFuture<String> readVerdict(Connection conn) {
        CompletableFuture<String> verdict = new CompletableFuture<>();
        Thread t = new Thread(() -> {
            String result;
            try {
                ReadableByteChannel in = conn.input();
                ByteBuffer b = ByteBuffer.allocate(3 + 65535);
                readFully(in, b, 1);
                int type = b.get(0);
                if (type == StreamFormat.REPLY_OK) {
                    verdict.complete(null);
                    return;
                }
                readFully(in, b, 3);
                int len = b.getShort(1) & 0xffff;
                readFully(in, b, 3 + len);
                result = "the destination failed: " + new String(b.array(), 3, len, StandardCharsets.UTF_8);
            } catch (IOException e) {
                result = "the destination closed the connection";
            }
            peerFailure = result;
            conn.shutdown();
            verdict.complete(result);
        }, "qmpd-migration-return-path");
        t.setDaemon(true);
        t.start();
        return verdict;
    }

    private static void readFully(ReadableByteChannel in, ByteBuffer b, int until) throws IOException {
        b.limit(until);
        while (b.position() < until) {
            if (in.read(b) < 0) {
                throw new EOFException();
            }
        }
    }

    private static long[] allPages(long pages) {
        long[] bitmap = new long[(int) ((pages + 63) / 64)];
        java.util.Arrays.fill(bitmap, -1L);
        if (pages % 64 != 0) {
            bitmap[bitmap.length - 1] = (1L << (pages % 64)) - 1;
        }
        return bitmap;
    }

    private static long popcount(long[] bitmap) {
        long n = 0;
        for (long w : bitmap) {
            n += Long.bitCount(w);
        }
        return n;
    }

    private static String describe(Throwable e) {
        String m = e.getMessage();
        if (e instanceof java.nio.channels.ClosedChannelException) {
            return "the connection was closed";
        }
        if (m != null && (m.contains("Broken pipe") || m.contains("Connection reset"))) {
            return "Unable to write to socket: " + (m.contains("Broken pipe") ? "Broken pipe" : "Connection reset by peer");
        }
        return m == null ? e.toString() : m;
    }

    /** A snapshot of this migration's numbers in {@code status}. */
    Progress progress(MigrationStatus status, boolean xbzrleShown, long cacheSize) {
        StreamWriter out = writer;
        Convergence conv = convergence;
        long transferred = out == null ? 0 : out.transferred();
        long total = owner.ram().size();
        boolean done = status == MigrationStatus.COMPLETED;
        long duplicate = counters.duplicate.get();
        long normal = counters.normal.get();
        Progress.Ram ram = new Progress.Ram(transferred, done ? 0 : counters.remainingPages.get() * PAGE, total,
                duplicate, 0, normal, normal * PAGE, done || conv == null ? 0 : conv.dirtyPagesRate(),
                done ? finalMbps : conv == null ? 0 : conv.mbps(), dirtySyncCount);
        Progress.Xbzrle x = xbzrleShown ? new Progress.Xbzrle(cacheSize, counters.xbzrleBytes.get(),
                counters.xbzrlePages.get(), counters.cacheMiss.get(), cacheMissRate, counters.overflow.get()) : null;
        long totalTime = done ? totalTimeMs : (System.nanoTime() - startNs) / 1_000_000L;
        long expected = conv == null ? owner.settings().maxDowntimeNs() / 1_000_000L
                : conv.expectedDowntimeMs(owner.settings().maxDowntimeNs());
        return new Progress(status, totalTime, setupTimeMs, expected, downtimeMs, ram, x);
    }
}
