package org.qmpd.bench.blockjobs;

import java.io.EOFException;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.SplittableRandom;

/**
 * An NBD client writing 4 KiB (or {@code BS}) blocks at random aligned offsets, {@code QD}
 * requests in flight on one connection, for {@code SECONDS}; it prints when it started
 * ({@link System#nanoTime}, the clock Python's {@code time.monotonic} reads on Linux) and how
 * many writes completed in each 10 ms, so that the benchmark can count the IOPS while a
 * backup job was running and while it was not.
 *
 * <p>Run as a single-file program: {@code java WriteTimeline.java SOCKET EXPORT BS QD SECONDS}.
 * Output: {@code start <ns>}, then one line of counts separated by spaces.
 */
public final class WriteTimeline {
    private static final long BUCKET_NS = 10_000_000L;

    private WriteTimeline() {
    }

    public static void main(String[] args) throws Exception {
        Path socket = Path.of(args[0]);
        String export = args[1];
        int bs = Integer.parseInt(args[2]);
        int qd = Integer.parseInt(args[3]);
        double seconds = Double.parseDouble(args[4]);
        try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            ch.connect(UnixDomainSocketAddress.of(socket));
            long blocks = handshake(ch, export) / bs;
            SplittableRandom rnd = new SplittableRandom(1);
            byte[] payload = new byte[bs];
            rnd.nextBytes(payload);
            ByteBuffer req = ByteBuffer.allocateDirect(28 + bs);
            ByteBuffer rep = ByteBuffer.allocateDirect(16);
            int[] counts = new int[(int) (seconds * 1e9 / BUCKET_NS) + 100];
            long handle = 0;
            long inflight = 0;
            long start = System.nanoTime();
            long end = start + (long) (seconds * 1e9);
            while (true) {
                boolean time = System.nanoTime() < end;
                while (time && inflight < qd) {
                    req.clear();
                    req.putInt(0x25609513).putShort((short) 0).putShort((short) 1).putLong(++handle)
                            .putLong(rnd.nextLong(blocks) * bs).putInt(bs).put(payload).flip();
                    while (req.hasRemaining()) {
                        ch.write(req);
                    }
                    inflight++;
                }
                if (inflight == 0) {
                    break;
                }
                rep.clear();
                while (rep.hasRemaining()) {
                    if (ch.read(rep) < 0) {
                        throw new EOFException();
                    }
                }
                if (rep.getInt(4) != 0) {
                    throw new IOException("NBD error " + rep.getInt(4));
                }
                inflight--;
                int b = (int) ((System.nanoTime() - start) / BUCKET_NS);
                if (b < counts.length) {
                    counts[b]++;
                }
            }
            StringBuilder out = new StringBuilder("start ").append(start).append('\n');
            for (int c : counts) {
                out.append(c).append(' ');
            }
            System.out.println(out.toString().trim());
        }
    }

    private static long handshake(SocketChannel ch, String export) throws IOException {
        read(ch, 18);
        write(ch, ByteBuffer.allocate(4).putInt(3).flip());
        byte[] name = export.getBytes(StandardCharsets.UTF_8);
        ByteBuffer opt = ByteBuffer.allocate(16 + 4 + name.length + 2);
        opt.putLong(0x49484156454F5054L).putInt(7).putInt(4 + name.length + 2).putInt(name.length).put(name).putShort((short) 0);
        write(ch, opt.flip());
        long size = -1;
        while (true) {
            ByteBuffer h = read(ch, 20);
            int type = h.getInt(12);
            ByteBuffer data = read(ch, h.getInt(16));
            if (type == 1) {
                return size;
            }
            if (type < 0) {
                throw new IOException("export refused");
            }
            if (type == 3 && data.getShort(0) == 0) {
                size = data.getLong(2);
            }
        }
    }

    private static ByteBuffer read(SocketChannel ch, int n) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(n);
        while (b.hasRemaining()) {
            if (ch.read(b) < 0) {
                throw new EOFException();
            }
        }
        return b.flip();
    }

    private static void write(SocketChannel ch, ByteBuffer b) throws IOException {
        while (b.hasRemaining()) {
            ch.write(b);
        }
    }
}
