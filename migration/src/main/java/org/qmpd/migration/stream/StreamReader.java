package org.qmpd.migration.stream;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;

/**
 * The destination's side of the stream: a buffered big-endian reader; runs of pages are read
 * into the caller's buffers ({@link #get(ByteBuffer)}). An end of stream in the middle of a
 * record is an {@link EOFException}. Used by one thread.
 */
public final class StreamReader {
    private static final int BUFFER = 1 << 20;

    private final ReadableByteChannel channel;
    private final ByteBuffer buf = ByteBuffer.allocateDirect(BUFFER);
    private long received;

    public StreamReader(ReadableByteChannel channel) {
        this.channel = channel;
        buf.flip();
    }

    /** Bytes consumed so far. */
    public long received() {
        return received;
    }

    private void need(int n) throws IOException {
        if (buf.remaining() >= n) {
            return;
        }
        buf.compact();
        try {
            while (buf.position() < n) {
                if (channel.read(buf) < 0) {
                    throw new EOFException("end of stream");
                }
            }
        } finally {
            buf.flip();
        }
    }

    public int getByte() throws IOException {
        need(1);
        received += 1;
        return buf.get() & 0xff;
    }

    public int getShort() throws IOException {
        need(2);
        received += 2;
        return buf.getShort() & 0xffff;
    }

    public int getInt() throws IOException {
        need(4);
        received += 4;
        return buf.getInt();
    }

    public long getLong() throws IOException {
        need(8);
        received += 8;
        return buf.getLong();
    }

    public void get(byte[] dst, int off, int len) throws IOException {
        while (len > 0) {
            need(1);
            int n = Math.min(len, buf.remaining());
            buf.get(dst, off, n);
            off += n;
            len -= n;
            received += n;
        }
    }

    /** Fills {@code dst} from the stream: what is buffered, then straight from the channel. */
    public void get(ByteBuffer dst) throws IOException {
        int n = Math.min(dst.remaining(), buf.remaining());
        dst.put(dst.position(), buf, buf.position(), n);
        dst.position(dst.position() + n);
        buf.position(buf.position() + n);
        received += n;
        while (dst.hasRemaining()) {
            int got = channel.read(dst);
            if (got < 0) {
                throw new EOFException("end of stream");
            }
            received += got;
        }
    }
}
