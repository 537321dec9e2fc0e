package org.qmpd.migration.stream;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;
import java.util.function.LongSupplier;

/**
 * The source's side of the stream: a buffered big-endian writer that counts every byte it
 * sends and holds to the bandwidth limit as 2.4's {@code qemu_file_rate_limit} does, in
 * windows of 100 ms each allowed a tenth of the limit per second. Used by one thread.
 */
public final class StreamWriter {
    static final long WINDOW_NS = 100_000_000L;
    private static final int BUFFER = 256 << 10;

    private final WritableByteChannel channel;
    private final LongSupplier limit;
    private final ByteBuffer buf = ByteBuffer.allocateDirect(BUFFER);
    private volatile long transferred;
    private long windowStart = System.nanoTime();
    private long windowBytes;
    private boolean unlimited;
    private volatile boolean aborted;
    private volatile Thread waiting;

    /** {@code limit} gives the bandwidth limit in bytes per second, read live; 0 is no limit. */
    public StreamWriter(WritableByteChannel channel, LongSupplier limit) {
        this.channel = channel;
        this.limit = limit;
    }

    /** Bytes sent or buffered so far. */
    public long transferred() {
        return transferred;
    }

    /**
     * Makes a wait for bandwidth end at once with an error: cancel uses it, and never
     * interrupts the migration thread (an interrupt would close the guest RAM's file channel).
     */
    public void abort() {
        aborted = true;
        Thread t = waiting;
        if (t != null) {
            java.util.concurrent.locks.LockSupport.unpark(t);
        }
    }

    /** Lifts the bandwidth limit for the rest of the stream (the guest is stopped). */
    public void setUnlimited() {
        unlimited = true;
    }

    public void putByte(int b) throws IOException {
        room(1);
        buf.put((byte) b);
        count(1);
    }

    public void putShort(int v) throws IOException {
        room(2);
        buf.putShort((short) v);
        count(2);
    }

    public void putInt(int v) throws IOException {
        room(4);
        buf.putInt(v);
        count(4);
    }

    public void putLong(long v) throws IOException {
        room(8);
        buf.putLong(v);
        count(8);
    }

    public void put(byte[] b, int off, int len) throws IOException {
        while (len > 0) {
            room(1);
            int n = Math.min(len, buf.remaining());
            buf.put(b, off, n);
            off += n;
            len -= n;
            count(n);
        }
    }

    /** Writes a block of records made elsewhere (by a compression worker). */
    public void put(ByteBuffer records) throws IOException {
        int n = records.remaining();
        if (n > buf.remaining()) {
            flush();
            while (records.hasRemaining()) {
                channel.write(records);
            }
        } else {
            buf.put(records);
        }
        count(n);
    }

    public void flush() throws IOException {
        buf.flip();
        while (buf.hasRemaining()) {
            channel.write(buf);
        }
        buf.clear();
    }

    private void room(int n) throws IOException {
        if (buf.remaining() < n) {
            flush();
        }
    }

    private void count(long n) throws IOException {
        transferred += n;
        windowBytes += n;
        long max = unlimited ? 0 : limit.getAsLong();
        if (max <= 0) {
            return;
        }
        long now = System.nanoTime();
        if (now - windowStart >= WINDOW_NS) {
            windowStart = now;
            windowBytes = n;
        }
        long allowance = Math.max(1, max / 10);
        if (windowBytes >= allowance) {
            // what is buffered goes out now; then wait until these bytes are within the limit
            flush();
            long due = windowStart + WINDOW_NS * windowBytes / allowance;
            waiting = Thread.currentThread();
            for (long sleep; (sleep = due - System.nanoTime()) > 0 && !aborted;) {
                java.util.concurrent.locks.LockSupport.parkNanos(this, sleep);
            }
            waiting = null;
            if (aborted) {
                throw new IOException("cancelled");
            }
            windowStart = System.nanoTime();
            windowBytes = 0;
        }
    }
}
