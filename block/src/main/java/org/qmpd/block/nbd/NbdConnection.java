package org.qmpd.block.nbd;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;

import org.qmpd.block.graph.BlockBackend;
import org.qmpd.block.graph.BlockIOException;

/**
 * One client of the NBD server, on its own thread: the handshake, then the transmission
 * phase. Requests are read into one receive buffer with as few system calls as the client
 * allows; every request already complete in the buffer joins the current batch, adjacent
 * reads or writes of a batch are merged into one I/O on the backend (counted in
 * {@code rd_merged} / {@code wr_merged}), and the batch's replies leave in one gathering
 * write. Reads merge into the reply buffer at no cost; writes are gathered by a copy, which
 * pays for small requests (one system call instead of many) but not for large ones, so only
 * writes up to {@value #MERGE_WRITE_MAX} bytes merge. Buffers are kept and reused, so the
 * steady state allocates nothing.
 */
final class NbdConnection {
    private static final int HEADER = 28;
    private static final int MAX_BATCH = 64;
    private static final int MAX_MERGE = 4 << 20;
    /** The largest write request that merges with its neighbours, and the largest merged write. */
    static final int MERGE_WRITE_MAX = 64 << 10;
    private static final int MAX_WRITE_MERGE = 1 << 20;

    private final NbdServer server;
    private final SocketChannel ch;
    private volatile NbdExport export;

    private ByteBuffer in = ByteBuffer.allocateDirect(256 << 10).limit(0);
    private ByteBuffer data = ByteBuffer.allocateDirect(256 << 10);
    private ByteBuffer merge = ByteBuffer.allocateDirect(64 << 10);
    private final ByteBuffer headers = ByteBuffer.allocateDirect(16 * MAX_BATCH);
    private final ByteBuffer[] out = new ByteBuffer[MAX_BATCH * 2];

    private final int[] type = new int[MAX_BATCH];
    private final int[] flags = new int[MAX_BATCH];
    private final long[] handle = new long[MAX_BATCH];
    private final long[] offset = new long[MAX_BATCH];
    private final int[] length = new int[MAX_BATCH];
    private final int[] payload = new int[MAX_BATCH];
    private final int[] error = new int[MAX_BATCH];
    private final int[] dataAt = new int[MAX_BATCH];
    /** Views on the buffers, made once per buffer, so that a request allocates nothing. */
    private final ByteBuffer[] headerViews = new ByteBuffer[MAX_BATCH];
    private final ByteBuffer[] dataViews = new ByteBuffer[MAX_BATCH];
    private ByteBuffer inView = in.duplicate();

    NbdConnection(NbdServer server, SocketChannel ch) {
        this.server = server;
        this.ch = ch;
        for (int k = 0; k < MAX_BATCH; k++) {
            headerViews[k] = headers.duplicate();
        }
        dataViewsFor(data);
    }

    private void dataViewsFor(ByteBuffer buffer) {
        for (int k = 0; k < MAX_BATCH; k++) {
            dataViews[k] = buffer.duplicate();
        }
    }

    NbdExport export() {
        return export;
    }

    void close() {
        try {
            ch.close();
        } catch (IOException ignored) {
            // already closed
        }
    }

    void run() {
        try {
            export = new NbdHandshake(server, ch).negotiate();
            if (export != null) {
                transmit();
            }
        } catch (IOException | RuntimeException e) {
            // the client went away or broke the protocol: drop it, the server goes on
        } finally {
            close();
        }
    }

    private void transmit() throws IOException {
        while (true) {
            if (!fill(HEADER)) {
                return;
            }
            int n = 0;
            int readBytes = 0;
            // Take every request already complete in the buffer, but always the first.
            while (n < MAX_BATCH && in.remaining() >= HEADER) {
                int p = in.position();
                if (in.getInt(p) != Nbd.REQUEST_MAGIC) {
                    throw new IOException("bad request magic");
                }
                int t = in.getShort(p + 6) & 0xffff;
                int len = in.getInt(p + 24);
                if (len < 0 || len > Nbd.MAX_REQUEST) {
                    throw new IOException("request too large");
                }
                int need = HEADER + (t == Nbd.CMD_WRITE ? len : 0);
                if (in.remaining() < need) {
                    if (n > 0) {
                        break;
                    }
                    if (!fill(need)) {
                        return;
                    }
                    p = in.position();
                }
                if (t == Nbd.CMD_READ && n > 0 && readBytes + len > MAX_MERGE * 4) {
                    break;
                }
                flags[n] = in.getShort(p + 4) & 0xffff;
                type[n] = t;
                handle[n] = in.getLong(p + 8);
                offset[n] = in.getLong(p + 16);
                length[n] = len;
                payload[n] = p + HEADER;
                if (t == Nbd.CMD_READ) {
                    readBytes += len;
                }
                in.position(p + need);
                n++;
                if (t == Nbd.CMD_DISC) {
                    break;
                }
            }
            boolean disconnect = execute(n, readBytes);
            reply(n);
            if (disconnect) {
                return;
            }
        }
    }

    /** Makes at least {@code need} bytes available in {@code in}, blocking; false at end of stream. */
    private boolean fill(int need) throws IOException {
        while (in.remaining() < need) {
            if (in.capacity() - in.position() < need) {
                // Room for ~16 requests of this size keeps compaction (a copy) rare.
                int wanted = (int) Math.min(64L << 20, (long) Integer.highestOneBit(need) << 4);
                if (in.capacity() >= wanted || in.capacity() >= need && need <= 4096) {
                    in.compact().flip();
                } else {
                    ByteBuffer bigger = ByteBuffer.allocateDirect(Math.max(wanted, Integer.highestOneBit(need) << 1));
                    bigger.put(in).flip();
                    in = bigger;
                    inView = in.duplicate();
                }
            }
            int pos = in.position();
            int lim = in.limit();
            in.limit(in.capacity()).position(lim);
            int r = ch.read(in);
            int end = in.position();
            in.position(pos).limit(end);
            if (r < 0) {
                return false;
            }
        }
        return true;
    }

    /** Runs the batch; returns true if the client asked to disconnect. */
    private boolean execute(int n, int readBytes) {
        NbdExport e = export;
        BlockBackend b = e.backend();
        if (data.capacity() < readBytes) {
            data = ByteBuffer.allocateDirect(Integer.highestOneBit(readBytes) << 1);
            dataViewsFor(data);
        }
        data.clear();
        long size;
        try {
            size = b.size();
        } catch (IOException ex) {
            size = 0;
        }
        boolean disconnect = false;
        int i = 0;
        while (i < n) {
            int t = type[i];
            error[i] = 0;
            if (t == Nbd.CMD_DISC) {
                disconnect = true;
                i++;
                continue;
            }
            if ((t == Nbd.CMD_READ || t == Nbd.CMD_WRITE || t == Nbd.CMD_TRIM || t == Nbd.CMD_WRITE_ZEROES)
                    && (offset[i] < 0 || offset[i] + length[i] > size)) {
                error[i] = Nbd.EINVAL;
                if (t == Nbd.CMD_READ) {
                    dataAt[i] = -1;
                }
                i++;
                continue;
            }
            if (!e.writable() && (t == Nbd.CMD_WRITE || t == Nbd.CMD_TRIM || t == Nbd.CMD_WRITE_ZEROES)) {
                error[i] = Nbd.EPERM;
                i++;
                continue;
            }
            int j = run(i, n, size);
            try {
                switch (t) {
                    case Nbd.CMD_READ: readRun(b, i, j); break;
                    case Nbd.CMD_WRITE: writeRun(b, i, j); break;
                    case Nbd.CMD_FLUSH: b.flush(); break;
                    case Nbd.CMD_TRIM:
                        b.discard(offset[i], length[i]);
                        if ((flags[i] & Nbd.CMD_FLAG_FUA) != 0) {
                            b.flush();
                        }
                        break;
                    case Nbd.CMD_WRITE_ZEROES:
                        b.writeZeroes(offset[i], length[i], (flags[i] & Nbd.CMD_FLAG_NO_HOLE) == 0);
                        if ((flags[i] & Nbd.CMD_FLAG_FUA) != 0) {
                            b.flush();
                        }
                        break;
                    default:
                        error[i] = Nbd.EINVAL;
                }
            } catch (IOException ex) {
                int errno = Nbd.errno(BlockIOException.errnoOf(ex));
                for (int k = i; k < j; k++) {
                    error[k] = errno;
                }
            }
            i = j;
        }
        return disconnect;
    }

    /** The end of the run of requests from {@code i} that merge into one I/O. */
    private int run(int i, int n, long size) {
        int t = type[i];
        if (t != Nbd.CMD_READ && t != Nbd.CMD_WRITE) {
            return i + 1;
        }
        int j = i + 1;
        long end = offset[i] + length[i];
        long total = length[i];
        boolean read = t == Nbd.CMD_READ;
        if (!read && length[i] > MERGE_WRITE_MAX) {
            return j;
        }
        long max = read ? MAX_MERGE : MAX_WRITE_MERGE;
        while (j < n && type[j] == t && offset[j] == end && end + length[j] <= size && total + length[j] <= max
                && (read || (length[j] <= MERGE_WRITE_MAX && (flags[j] & Nbd.CMD_FLAG_FUA) == 0))) {
            end += length[j];
            total += length[j];
            j++;
        }
        return j;
    }

    private void readRun(BlockBackend b, int i, int j) throws IOException {
        int at = data.position();
        int total = 0;
        for (int k = i; k < j; k++) {
            dataAt[k] = at + total;
            total += length[k];
        }
        data.limit(at + total);
        b.read(offset[i], data, j - i);
        data.limit(data.capacity());
    }

    private void writeRun(BlockBackend b, int i, int j) throws IOException {
        ByteBuffer src;
        if (j == i + 1) {
            src = inView.limit(payload[i] + length[i]).position(payload[i]);
        } else {
            int total = 0;
            for (int k = i; k < j; k++) {
                total += length[k];
            }
            if (merge.capacity() < total) {
                merge = ByteBuffer.allocateDirect(Integer.highestOneBit(total) << 1);
            }
            merge.clear();
            for (int k = i; k < j; k++) {
                merge.put(inView.limit(payload[k] + length[k]).position(payload[k]));
            }
            src = merge.flip();
        }
        b.write(offset[i], src, j - i);
        if ((flags[j - 1] & Nbd.CMD_FLAG_FUA) != 0 || (flags[i] & Nbd.CMD_FLAG_FUA) != 0) {
            b.flush();
        }
    }

    /** Sends the batch's simple replies, read data included, in one gathering write. */
    private void reply(int n) throws IOException {
        headers.clear();
        int parts = 0;
        for (int k = 0; k < n; k++) {
            if (type[k] == Nbd.CMD_DISC) {
                continue;
            }
            int h = headers.position();
            headers.putInt(Nbd.SIMPLE_REPLY_MAGIC).putInt(error[k]).putLong(handle[k]);
            out[parts++] = headerViews[k].limit(h + 16).position(h);
            if (type[k] == Nbd.CMD_READ && error[k] == 0) {
                out[parts++] = dataViews[k].limit(dataAt[k] + length[k]).position(dataAt[k]);
            }
        }
        long left = 0;
        for (int k = 0; k < parts; k++) {
            left += out[k].remaining();
        }
        int first = 0;
        while (left > 0) {
            long w = ch.write(out, first, parts - first);
            left -= w;
            while (first < parts && !out[first].hasRemaining()) {
                first++;
            }
        }
        for (int k = 0; k < parts; k++) {
            out[k] = null;
        }
    }
}
