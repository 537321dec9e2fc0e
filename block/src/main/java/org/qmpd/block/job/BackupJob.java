package org.qmpd.block.job;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;

import org.qmpd.block.bitmap.DirtyBitmap;
import org.qmpd.block.graph.BlockBackend;
import org.qmpd.block.graph.BlockIOException;
import org.qmpd.block.graph.BlockNode;

/**
 * QEMU 2.4's backup job ({@code block/backup.c}): copies a device to a target so that the
 * target holds the device exactly as it was when the job started.
 *
 * <p>Point in time by copy-before-write: a hook on the device's root copies the old contents
 * of every 64 KiB backup cluster a guest write (NBD, {@code qemu-io}, the guest workload) is
 * about to change, unless the job already copied it; the job copies the rest. The
 * {@link CopyBitmap} makes each cluster copied exactly once and keeps a guest write waiting
 * while its clusters are read. What is copied depends on {@code sync}:
 * <ul>
 * <li>{@code full}: every cluster (zero runs of the source are skipped on a new target);</li>
 * <li>{@code top}: clusters allocated in the device's top image (the target's backing file is
 * the source's);</li>
 * <li>{@code incremental}: clusters dirty in the bitmap, which is frozen when the job starts
 * (new writes go to its successor); on success the successor takes its name, on failure or
 * cancel it is merged back, so no dirty bit is lost;</li>
 * <li>{@code none}: nothing but what the guest overwrites; the job runs until cancelled.</li>
 * </ul>
 * The job's own reads and writes bypass the device, so they are not in its statistics.
 *
 * <p>The guest goes first: an unlimited job copies with two threads in 2 MiB chunks, but
 * while guest writes arrive it drops to one thread and 256 KiB chunks, so that a guest write
 * that must copy its clusters first seldom waits behind the job's own I/O.
 */
public final class BackupJob extends BlockJob {
    /** 2.4's {@code MirrorSyncMode}. */
    public enum Sync {
        top, full, none, incremental
    }

    static final int CLUSTER_BITS = 16;
    static final int CLUSTER = 1 << CLUSTER_BITS;
    private static final int MAX_CHUNK = 2 << 20;
    /** Copiers of an unlimited job: one reads while the other writes. */
    private static final int WORKERS = 2;
    /** While the guest writes (a write in the last 50 ms), one copier works, in chunks this small. */
    private static final int GUEST_CHUNK = 256 << 10;
    private static final long GUEST_ACTIVE_NS = 50_000_000L;

    private final BackupTarget target;
    private final Sync sync;
    private final DirtyBitmap bitmap;
    private final OnError onSourceError;
    private final OnError onTargetError;
    private final ConcurrentLinkedQueue<ByteBuffer> hookBuffers = new ConcurrentLinkedQueue<>();
    private final BlockNode.BeforeWrite hook = this::copyBeforeWrite;
    private volatile BlockNode source;
    private long size;
    private CopyBitmap todo;
    private long[] initial;
    private long fakeUpTo;
    private volatile int failed;
    private volatile long lastGuestWrite;

    /**
     * A backup of {@code backend}'s medium to {@code target}; {@code bitmap} (of the root
     * node) only with {@code incremental}. The caller has checked the arguments.
     */
    public BackupJob(String device, BlockBackend backend, BackupTarget target, Sync sync, DirtyBitmap bitmap,
            OnError onSourceError, OnError onTargetError, long speed) {
        super(Type.backup, device, backend, speed);
        this.target = target;
        this.sync = sync;
        this.bitmap = bitmap;
        this.onSourceError = onSourceError;
        this.onTargetError = onTargetError;
    }

    /**
     * Under the machine lock, before the job starts: with the device drained, freezes the
     * bitmap, decides what to copy and installs copy-before-write, so that the point in time
     * is exactly now.
     */
    public void begin() {
        BlockBackend backend = backend();
        backend.drainedBegin();
        try {
            source = backend.root();
            size = source.size();
            setLen(size);
            long clusters = (size + CLUSTER - 1) >>> CLUSTER_BITS;
            if (sync == Sync.incremental) {
                source.bitmaps().createSuccessor(bitmap);
                todo = new CopyBitmap(clusters, false);
                long off = bitmap.nextDirty(0);
                while (off >= 0 && off < size) {
                    long end = bitmap.nextClean(off);
                    if (end < 0 || end > size) {
                        end = size;
                    }
                    todo.mark(off >>> CLUSTER_BITS, (end + CLUSTER - 1) >>> CLUSTER_BITS);
                    off = end >= size ? -1 : bitmap.nextDirty(end);
                }
                initial = todo.snapshot();
            } else {
                todo = new CopyBitmap(clusters, true);
            }
            source.addBeforeWrite(hook);
        } finally {
            backend.drainedEnd();
        }
    }

    public Sync sync() {
        return sync;
    }

    // ---- the job ---------------------------------------------------------------------------

    @Override
    protected int run() throws InterruptedException {
        try {
            if (sync == Sync.none) {
                // Only the guest's writes copy anything, until the job is cancelled.
                while (!isCancelled()) {
                    sleep(Long.MAX_VALUE / 4);
                }
                return 0;
            }
            int workers = speed() == 0 && todo.remaining() > MAX_CHUNK / CLUSTER ? WORKERS : 1;
            List<Thread> helpers = new ArrayList<>();
            for (int i = 1; i < workers; i++) {
                Thread t = new Thread(() -> copyLoopQuietly(false), Thread.currentThread().getName() + "-" + i);
                t.setDaemon(true);
                t.start();
                helpers.add(t);
            }
            copyLoop(true);
            for (Thread t : helpers) {
                t.join();
            }
            if (failed == 0 && !isCancelled() && sync == Sync.incremental) {
                fakeProgress(todo.clusters());
            }
            return failed;
        } finally {
            todo.close();
            source.removeBeforeWrite(hook);
        }
    }

    private void copyLoopQuietly(boolean first) {
        try {
            copyLoop(first);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * One copier: claims runs of clusters and copies them until none is left, the job fails or
     * is cancelled. While the guest is writing, only the {@code first} copier works, in small
     * chunks: the guest's writes, which may have to copy clusters first, go before the job.
     */
    private void copyLoop(boolean first) throws InterruptedException {
        ByteBuffer buf = JobIo.buffer(MAX_CHUNK);
        long cursor = 0;
        while (!isCancelled() && failed == 0) {
            boolean guest = System.nanoTime() - lastGuestWrite < GUEST_ACTIVE_NS;
            if (guest && !first) {
                Thread.sleep(5);
                continue;
            }
            int max = Math.min(chunk(CLUSTER, MAX_CHUNK), guest ? GUEST_CHUNK : MAX_CHUNK) >>> CLUSTER_BITS;
            CopyBitmap.Run run = todo.claimNext(cursor, max);
            if (run == null && cursor > 0) {
                cursor = 0;
                continue;
            }
            if (run == null) {
                if (todo.remaining() == 0) {
                    return;
                }
                todo.awaitInFlight(100);
                sleep(0);
                continue;
            }
            if (initial != null) {
                fakeProgress(run.start());
            }
            try {
                long n = copy(run, buf);
                todo.done(run);
                progress(n);
                cursor = run.end();
                throttle(n);
            } catch (JobIo.CopyError e) {
                todo.release(run);
                cursor = run.start();
                if (!handle(e)) {
                    return;
                }
                sleep(0);
            }
        }
    }

    /**
     * The error policy for a failed copy; false if the job fails. One copier at a time: when
     * another has just stopped the job for an error, this one waits for the resume with it.
     */
    private synchronized boolean handle(JobIo.CopyError e) {
        if (failed != 0) {
            return false;
        }
        if (isPaused()) {
            return true;
        }
        ErrorAction action = errorAction(e.read ? onSourceError : onTargetError, e.read, e.errno);
        if (action == ErrorAction.report) {
            failed = e.errno;
            return false;
        }
        return true;
    }

    /** For {@code incremental}: clusters that were clean when the job started count as done once passed (QEMU's fake progress). */
    private synchronized void fakeProgress(long upTo) {
        long skipped = 0;
        for (long c = fakeUpTo; c < upTo; c++) {
            if ((initial[(int) (c >>> 6)] & (1L << c)) == 0) {
                skipped += Math.min(CLUSTER, size - (c << CLUSTER_BITS));
            }
        }
        fakeUpTo = Math.max(fakeUpTo, upTo);
        progress(skipped);
    }

    /**
     * Copies the clusters of {@code run} from the source to the target; returns the bytes
     * that count as progress (all but what {@code top} finds unallocated).
     */
    private long copy(CopyBitmap.Run run, ByteBuffer buf) throws JobIo.CopyError {
        BlockNode src = source;
        BlockNode dst = target.node();
        long off = run.start() << CLUSTER_BITS;
        long end = Math.min(size, run.end() << CLUSTER_BITS);
        long done = 0;
        while (off < end) {
            int n = (int) Math.min(buf.capacity(), end - off);
            BlockNode.Status st;
            try {
                st = src.blockStatus(off, n);
            } catch (IOException e) {
                throw new JobIo.CopyError(true, e);
            }
            long run0 = Math.max(1, Math.min(n, st.length()));
            if (sync == Sync.top && !st.isAllocated()) {
                off += run0;
                continue;
            }
            if (JobIo.zero(st)) {
                if (!target.knownZero()) {
                    JobIo.writeZeroes(dst, off, run0);
                }
                off += run0;
                done += run0;
                continue;
            }
            n = (int) run0;
            JobIo.read(src, off, n, buf);
            if (JobIo.isZero(buf)) {
                if (!target.knownZero()) {
                    JobIo.writeZeroes(dst, off, n);
                }
            } else {
                JobIo.write(dst, off, buf);
            }
            off += n;
            done += n;
        }
        return done;
    }

    /** The hook on the source: copies the clusters a guest write is about to change, first. */
    private void copyBeforeWrite(BlockNode node, long offset, long length) throws IOException {
        if (length <= 0 || offset >= size) {
            return;
        }
        lastGuestWrite = System.nanoTime();
        long last = (Math.min(size, offset + length) - 1) >>> CLUSTER_BITS;
        List<CopyBitmap.Run> runs;
        try {
            runs = todo.claimRange(offset >>> CLUSTER_BITS, last);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BlockIOException(BlockIOException.EIO, e);
        }
        if (runs.isEmpty()) {
            return;
        }
        ByteBuffer buf = hookBuffers.poll();
        if (buf == null) {
            buf = JobIo.buffer(MAX_CHUNK);
        }
        IOException failure = null;
        try {
            for (CopyBitmap.Run r : runs) {
                if (failure != null) {
                    todo.release(r);
                    continue;
                }
                try {
                    long n = copy(r, buf);
                    todo.done(r);
                    progress(n);
                } catch (JobIo.CopyError e) {
                    todo.release(r);
                    failure = e.asIOException();
                }
            }
        } finally {
            hookBuffers.offer(buf);
        }
        if (failure != null) {
            throw failure;
        }
    }

    @Override
    protected int finish(int errno) {
        BlockNode src = source;
        if (src != null) {
            src.removeBeforeWrite(hook);
            if (bitmap != null && bitmap.isFrozen()) {
                if (errno != 0 || isCancelled()) {
                    src.bitmaps().reclaim(bitmap);
                } else {
                    src.bitmaps().abdicate(bitmap);
                }
            }
        }
        target.close();
        hookBuffers.clear();
        return errno;
    }
}
