package org.qmpd.block.job;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

import org.qmpd.block.bitmap.DirtyBitmap;
import org.qmpd.block.graph.Allocation;
import org.qmpd.block.graph.BlockBackend;
import org.qmpd.block.graph.BlockGraph;
import org.qmpd.block.graph.BlockIOException;
import org.qmpd.block.graph.BlockNode;

/**
 * QEMU 2.4's commit of the active layer, a mirror job of type {@code commit}
 * ({@code block/mirror.c}, {@code commit_active_start}): an anonymous dirty bitmap on the top
 * image records the guest's writes; the job copies everything allocated above {@code base},
 * then whatever the bitmap marks, into {@code base}. Once nothing is dirty it emits
 * {@code BLOCK_JOB_READY} and keeps {@code base} in sync until {@code block-job-complete}:
 * then, with the device drained, it copies the last dirty data and makes {@code base} the
 * device's image (keeping the top image's node name and dirty bitmaps, as 2.4's
 * {@code bdrv_swap} does) and closes the images above it.
 *
 * <p>A cancel before the job is ready cancels it; after, it ends the job as completed
 * without the switch, as 2.4's mirror does. {@code len} grows with the data still dirty.
 */
public final class ActiveCommitJob extends BlockJob {
    private static final int MAX_CHUNK = 1 << 20;
    private static final long SLICE_NS = 100_000_000L;

    private final BlockGraph graph;
    private final BlockNode top;
    private final BlockNode base;
    private final boolean baseWasReadOnly;
    private final long granularity;
    private final OnError onError = OnError.report;
    private DirtyBitmap dirty;
    private volatile boolean synced;
    private volatile boolean shouldComplete;

    public ActiveCommitJob(String device, BlockBackend backend, BlockGraph graph, BlockNode base,
            boolean baseWasReadOnly, long speed) {
        super(Type.commit, device, backend, speed);
        this.graph = graph;
        this.top = backend.root();
        this.base = base;
        this.baseWasReadOnly = baseWasReadOnly;
        int cluster = base.clusterSize();
        this.granularity = cluster == 0 ? 65536 : Math.max(4096, Math.min(65536, cluster));
    }

    /** Under the machine lock, before the job starts: the bitmap records every write from now on. */
    public void begin() {
        dirty = top.bitmaps().create(null, granularity, top.size());
        setLen(top.size());
    }

    @Override
    public boolean complete() {
        if (isPaused() || isCancelled() || !synced) {
            return false;
        }
        shouldComplete = true;
        wakeUp();
        return true;
    }

    @Override
    protected int run() throws InterruptedException {
        long size = top.size();
        try {
            for (long off = 0; off < size;) {
                Allocation.Run r = Allocation.above(top, base, off, Math.min(MAX_CHUNK, size - off));
                long n = Math.max(1, Math.min(r.length(), size - off));
                if (r.allocated()) {
                    dirty.set(off, n);
                }
                off += n;
            }
        } catch (IOException e) {
            return BlockIOException.errnoOf(e);
        }
        ByteBuffer buf = JobIo.buffer(MAX_CHUNK);
        long cursor = 0;
        while (true) {
            if (isCancelled() && !synced) {
                return 0;
            }
            long count = dirty.countBytes();
            setLen(offset() + count);
            if (count > 0) {
                long start = dirty.nextDirty(cursor);
                if (start < 0) {
                    cursor = 0;
                    continue;
                }
                long n;
                try {
                    n = copyDirty(start, buf);
                } catch (JobIo.CopyError e) {
                    ErrorAction action = errorAction(onError, e.read, e.errno);
                    if (action == ErrorAction.report) {
                        return e.errno;
                    }
                    sleep(0);
                    continue;
                }
                cursor = start + n;
                progress(n);
                throttle(n);
                continue;
            }
            try {
                base.flush();
            } catch (IOException e) {
                int errno = BlockIOException.errnoOf(e);
                if (errorAction(onError, false, errno) == ErrorAction.report) {
                    return errno;
                }
                continue;
            }
            if (!synced) {
                synced = true;
                ready();
            }
            if (shouldComplete || isCancelled()) {
                if (isCancelled()) {
                    uncancel();
                }
                return 0;
            }
            sleep(SLICE_NS);
        }
    }

    /** Copies the dirty run at {@code start} (at most a chunk) to the base; its bits are reset first, set again on failure. */
    private long copyDirty(long start, ByteBuffer buf) throws JobIo.CopyError {
        long size = top.size();
        long end = dirty.nextClean(start);
        if (end < 0 || end > size) {
            end = size;
        }
        long n = Math.min(end - start, buf.capacity());
        dirty.reset(start, n);
        try {
            JobIo.read(top, start, (int) n, buf);
            JobIo.write(base, start, buf);
        } catch (JobIo.CopyError e) {
            dirty.set(start, n);
            throw e;
        }
        return n;
    }

    @Override
    protected int finish(int errno) {
        if (errno == 0 && shouldComplete) {
            BlockBackend backend = backend();
            backend.drainedBegin();
            try {
                ByteBuffer buf = JobIo.buffer(MAX_CHUNK);
                setLen(offset() + dirty.countBytes());
                for (long start = dirty.nextDirty(0); start >= 0; start = dirty.nextDirty(0)) {
                    progress(copyDirty(start, buf));
                }
                // what arrived between the loop's last look and the drain is counted too: len == offset
                setLen(offset());
                base.flush();
                pivot(backend);
                return 0;
            } catch (JobIo.CopyError e) {
                errno = e.errno;
            } catch (IOException e) {
                errno = BlockIOException.errnoOf(e);
            } finally {
                backend.drainedEnd();
            }
        }
        top.bitmaps().remove(dirty);
        if (baseWasReadOnly) {
            try {
                base.reopen(true);
            } catch (IOException ignored) {
                // the base stays writable
            }
        }
        return errno;
    }

    /** The device's image becomes {@code base}, with the top image's name, bitmaps and threshold. */
    private void pivot(BlockBackend backend) {
        top.bitmaps().remove(dirty);
        for (DirtyBitmap b : base.bitmaps().all()) {
            base.bitmaps().remove(b);
        }
        List<DirtyBitmap> moved = new ArrayList<>(top.bitmaps().all());
        for (int i = moved.size() - 1; i >= 0; i--) {
            top.bitmaps().remove(moved.get(i));
            base.bitmaps().add(moved.get(i));
        }
        base.threshold().set(top.threshold().get());
        String name = top.nodeName();
        backend.setRoot(base);
        Chain.drop(graph, Chain.between(top, base));
        if (name != null) {
            base.setNodeName(name);
        }
    }
}
