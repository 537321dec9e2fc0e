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
 * QEMU 2.4's stream job ({@code block/stream.c}): copies into the device's top image the data
 * its backing chain holds above {@code base} (the whole chain without one), then makes
 * {@code base} the top image's backing file, in the header and in the graph, and closes the
 * images in between.
 *
 * <p>Data is copied in 512 KiB steps, and only into clusters still unallocated in the top
 * image ({@link Qcow2Node#writeUnallocated}), so a guest write racing with the copy always
 * wins. Errors are handled by {@code on-error} and reported as reads, as 2.4 does; an error
 * that was ignored still keeps the backing file.
 */
public final class StreamJob extends BlockJob {
    private static final int STEP = 512 << 10;

    private final BlockGraph graph;
    private final BlockNode base;
    private final String backingFile;
    private final OnError onError;
    private volatile BlockNode top;
    private volatile boolean reachedEnd;

    /**
     * Streams {@code backend}'s chain down to {@code base} (null: all of it); {@code backingFile}
     * is the name the top image will record for {@code base}.
     */
    public StreamJob(String device, BlockBackend backend, BlockGraph graph, BlockNode base, String backingFile,
            OnError onError, long speed) {
        super(Type.stream, device, backend, speed);
        this.graph = graph;
        this.base = base;
        this.backingFile = backingFile;
        this.onError = onError;
    }

    @Override
    protected int run() throws InterruptedException {
        top = backend().root();
        if (top.backing() == null) {
            reachedEnd = true;
            return 0;
        }
        if (!(top instanceof Qcow2Node)) {
            return BlockIOException.ENOTSUP;
        }
        Qcow2Node image = (Qcow2Node) top;
        long len = image.size();
        setLen(len);
        long cs = Math.max(512, image.clusterSize());
        ByteBuffer buf = JobIo.buffer((int) (STEP + 2 * cs));
        int error = 0;
        long off = 0;
        while (off < len) {
            sleep(0);
            if (isCancelled()) {
                break;
            }
            long n = Math.min(STEP, len - off);
            try {
                BlockNode.Status st = image.blockStatus(off, n);
                n = Math.max(1, st.length());
                boolean copy = false;
                if (!st.isAllocated()) {
                    Allocation.Run r = Allocation.above(image.backing(), base, off, n);
                    n = Math.max(1, Math.min(n, r.length()));
                    copy = r.allocated();
                }
                if (copy) {
                    long start = off - off % cs;
                    long end = Math.min(len, (off + n + cs - 1) / cs * cs);
                    buf.clear().limit((int) (end - start));
                    image.read(start, buf);
                    buf.flip();
                    image.writeUnallocated(start, buf);
                    progress(n);
                    off += n;
                    throttle(end - start);
                    continue;
                }
            } catch (IOException e) {
                int errno = BlockIOException.errnoOf(e);
                ErrorAction action = errorAction(onError, true, errno);
                if (action == ErrorAction.stop) {
                    continue;
                }
                if (error == 0) {
                    error = errno;
                }
                if (action == ErrorAction.report) {
                    break;
                }
            }
            progress(n);
            off += n;
        }
        reachedEnd = off >= len;
        return error;
    }

    @Override
    protected int finish(int errno) {
        BlockNode image = top;
        if (errno != 0 || isCancelled() || !reachedEnd || image == null || image.backing() == null) {
            return errno;
        }
        BlockBackend backend = backend();
        backend.drainedBegin();
        try {
            Qcow2Node q = (Qcow2Node) image;
            q.changeBackingFile(base == null ? null : backingFile, base == null ? null : base.driver());
            List<BlockNode> dropped = Chain.between(q.backing(), base);
            q.setBacking(base);
            Chain.drop(graph, dropped);
            return 0;
        } catch (IOException e) {
            return BlockIOException.errnoOf(e);
        } finally {
            backend.drainedEnd();
        }
    }
}
