package org.qmpd.block.qcow2;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

import org.qmpd.block.graph.BlkDebugEvent;
import org.qmpd.block.graph.BlockIOException;
import org.qmpd.block.graph.BlockNode;

/**
 * Reads qcow2 compressed clusters (zlib's raw deflate, as {@code qemu-img convert -c} writes
 * them): decodes the compressed-cluster descriptor, reads the sectors it names and inflates
 * them. Each thread keeps its own inflater and buffers.
 */
final class CompressedReader {
    private final BlockNode file;
    private final int clusterBits;
    private final int clusterSize;
    private final int offsetBits;
    private final ThreadLocal<State> state;

    private static final class State {
        final Inflater inflater = new Inflater(true);
        final byte[] out;
        byte[] in = new byte[0];

        State(int clusterSize) {
            out = new byte[clusterSize];
        }
    }

    CompressedReader(BlockNode file, int clusterBits) {
        this.file = file;
        this.clusterBits = clusterBits;
        this.clusterSize = 1 << clusterBits;
        this.offsetBits = 62 - (clusterBits - 8);
        this.state = ThreadLocal.withInitial(() -> new State(clusterSize));
    }

    long hostOffset(long entry) {
        return entry & ((1L << offsetBits) - 1);
    }

    /** The end of the compressed data: the sector holding the offset plus the additional sectors. */
    long hostEnd(long entry) {
        long additional = (entry >>> offsetBits) & ((1L << (clusterBits - 8)) - 1);
        return (hostOffset(entry) & ~511L) + (additional + 1) * 512;
    }

    /** Puts bytes {@code [from, from + n)} of the decompressed cluster into {@code dst}. */
    void read(long entry, int from, int n, ByteBuffer dst) throws IOException {
        long start = hostOffset(entry);
        int len = (int) (hostEnd(entry) - start);
        State s = state.get();
        if (s.in.length < len) {
            s.in = new byte[len];
        }
        file.debugEvent(BlkDebugEvent.READ_COMPRESSED);
        file.read(start, ByteBuffer.wrap(s.in, 0, len));
        Inflater inf = s.inflater;
        inf.reset();
        inf.setInput(s.in, 0, len);
        int produced = 0;
        try {
            while (produced < clusterSize && !inf.finished()) {
                int k = inf.inflate(s.out, produced, clusterSize - produced);
                if (k == 0 && (inf.needsInput() || inf.needsDictionary())) {
                    break;
                }
                produced += k;
            }
        } catch (DataFormatException e) {
            throw new BlockIOException(BlockIOException.EIO, e);
        }
        if (produced < clusterSize) {
            throw new BlockIOException(BlockIOException.EIO);
        }
        dst.put(s.out, from, n);
    }
}
