package org.qmpd.block.job;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;

import org.qmpd.block.graph.Allocation;
import org.qmpd.block.graph.BlockBackend;
import org.qmpd.block.graph.BlockGraph;
import org.qmpd.block.graph.BlockIOException;
import org.qmpd.block.graph.BlockNode;
import org.qmpd.block.qcow2.Qcow2Node;

/**
 * QEMU 2.4's commit job for an image below the active layer ({@code block/commit.c}): copies
 * into {@code base} every range allocated in {@code top} or the images between them, then
 * drops those images from the chain: the image above {@code top} (the overlay) records
 * {@code base} as its backing file, in its header and in the graph.
 *
 * <p>The command made {@code base} and the overlay writable; they are made read-only again
 * at the end if they were. The guest keeps running: {@code top} and the images above
 * {@code base} are not written, and what the job writes to {@code base} is hidden by them
 * until they are dropped. Errors end the job (2.4's commit has no error policy).
 */
public final class CommitJob extends BlockJob {
    private static final int STEP = 512 << 10;

    private final BlockGraph graph;
    private final BlockNode top;
    private final BlockNode base;
    private final BlockNode overlay;
    private final String backingFile;
    private final boolean baseWasReadOnly;
    private final boolean overlayWasReadOnly;
    private volatile boolean reachedEnd;

    /**
     * Commits {@code top} (below the active layer, {@code overlay} right above it) into
     * {@code base}; {@code backingFile} is the name the overlay will record (null: base's file
     * name). The {@code *WasReadOnly} flags say what to restore.
     */
    public CommitJob(String device, BlockBackend backend, BlockGraph graph, BlockNode top, BlockNode base,
            BlockNode overlay, String backingFile, boolean baseWasReadOnly, boolean overlayWasReadOnly, long speed) {
        super(Type.commit, device, backend, speed);
        this.graph = graph;
        this.top = top;
        this.base = base;
        this.overlay = overlay;
        this.backingFile = backingFile;
        this.baseWasReadOnly = baseWasReadOnly;
        this.overlayWasReadOnly = overlayWasReadOnly;
    }

    @Override
    protected int run() throws InterruptedException {
        long len = top.size();
        setLen(len);
        try {
            if (base.size() < len) {
                base.resize(len);
            }
        } catch (IOException e) {
            return BlockIOException.errnoOf(e);
        }
        ByteBuffer buf = JobIo.buffer(STEP);
        long off = 0;
        while (off < len) {
            sleep(0);
            if (isCancelled()) {
                break;
            }
            try {
                Allocation.Run r = Allocation.above(top, base, off, Math.min(STEP, len - off));
                long n = Math.max(1, Math.min(r.length(), len - off));
                if (r.allocated()) {
                    buf.clear().limit((int) n);
                    top.read(off, buf);
                    buf.flip();
                    base.write(off, buf);
                    progress(n);
                    off += n;
                    throttle(n);
                    continue;
                }
                progress(n);
                off += n;
            } catch (IOException e) {
                return BlockIOException.errnoOf(e);
            }
        }
        reachedEnd = off >= len;
        return 0;
    }

    @Override
    protected int finish(int errno) {
        if (errno == 0 && !isCancelled() && reachedEnd) {
            BlockBackend backend = backend();
            backend.drainedBegin();
            try {
                Qcow2Node q = (Qcow2Node) overlay;
                q.changeBackingFile(backingFile != null ? backingFile : base.filename(), base.driver());
                List<BlockNode> dropped = Chain.between(top, base);
                q.setBacking(base);
                Chain.drop(graph, dropped);
            } catch (IOException | ClassCastException e) {
                errno = e instanceof IOException ? BlockIOException.errnoOf((IOException) e) : BlockIOException.ENOTSUP;
            } finally {
                backend.drainedEnd();
            }
        }
        restore(base, baseWasReadOnly);
        restore(overlay, overlayWasReadOnly);
        return errno;
    }

    private static void restore(BlockNode node, boolean readOnly) {
        if (readOnly) {
            try {
                node.reopen(true);
            } catch (IOException ignored) {
                // 2.4 ignores a failure to restore the flags as well
            }
        }
    }
}
