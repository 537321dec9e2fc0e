package org.qmpd.block.job;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import org.qmpd.block.graph.BlockIOException;
import org.qmpd.block.graph.BlockNode;

/** Copy helpers the jobs share: errors that remember their direction, zero detection. */
final class JobIo {
    private JobIo() {
    }

    /** A failed job I/O: a read of the source or a write of the target, with its errno. */
    static final class CopyError extends Exception {
        private static final long serialVersionUID = 1L;
        final boolean read;
        final int errno;

        CopyError(boolean read, IOException cause) {
            super(cause.getMessage(), cause, false, false);
            this.read = read;
            this.errno = BlockIOException.errnoOf(cause);
        }

        IOException asIOException() {
            return new BlockIOException(errno, getCause());
        }
    }

    static ByteBuffer buffer(int size) {
        return ByteBuffer.allocateDirect(size).order(ByteOrder.nativeOrder());
    }

    /** Reads {@code n} bytes at {@code offset} into {@code buf} (cleared first, flipped after). */
    static void read(BlockNode node, long offset, int n, ByteBuffer buf) throws CopyError {
        buf.clear().limit(n);
        try {
            node.read(offset, buf);
        } catch (IOException e) {
            throw new CopyError(true, e);
        }
        buf.flip();
    }

    static void write(BlockNode node, long offset, ByteBuffer buf) throws CopyError {
        try {
            node.write(offset, buf);
        } catch (IOException e) {
            throw new CopyError(false, e);
        }
    }

    static void writeZeroes(BlockNode node, long offset, long n) throws CopyError {
        try {
            node.writeZeroes(offset, n, true);
        } catch (IOException e) {
            throw new CopyError(false, e);
        }
    }

    /** Whether the bytes between position and limit are all zero. */
    static boolean isZero(ByteBuffer buf) {
        int p = buf.position();
        int end = buf.limit();
        if (end - p >= 8 && buf.getLong(p) != 0) {
            return false;
        }
        while (p + 8 <= end) {
            if (buf.getLong(p) != 0) {
                return false;
            }
            p += 8;
        }
        while (p < end) {
            if (buf.get(p) != 0) {
                return false;
            }
            p++;
        }
        return true;
    }

    /** Whether a block status says the run reads as zeroes. */
    static boolean zero(BlockNode.Status s) {
        return (s.flags() & BlockNode.STATUS_ZERO) != 0 && (s.flags() & BlockNode.STATUS_DATA) == 0;
    }
}
