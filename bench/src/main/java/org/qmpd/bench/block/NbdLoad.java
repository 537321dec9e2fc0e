package org.qmpd.bench.block;

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
 * A small NBD load generator for the block benchmark: random aligned writes (or reads) of a
 * fixed size over one connection with a fixed queue depth, for a fixed time; prints the IOPS.
 * The same client drives qmpd and qemu-storage-daemon, so their ratio is fair.
 *
 * <p>Run as a single-file program: {@code java NbdLoad.java SOCKET EXPORT write|read BS QD SECONDS}.
 */
public final class NbdLoad {
    private NbdLoad() {
    }

    public static void main(String[] args) throws Exception {
        Path socket = Path.of(args[0]);
        String export = args[1];
        boolean write = args[2].equals("write");
        int bs = Integer.parseInt(args[3]);
        int qd = Integer.parseInt(args[4]);
        double seconds = Double.parseDouble(args[5]);
        try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            ch.connect(UnixDomainSocketAddress.of(socket));
            long size = handshake(ch, export);
            long blocks = size / bs;
            SplittableRandom rnd = new SplittableRandom(1);
            byte[] payload = new byte[bs];
            rnd.nextBytes(payload);
            ByteBuffer req = ByteBuffer.allocateDirect(28 + (write ? bs : 0));
            ByteBuffer rep = ByteBuffer.allocateDirect(16 + (write ? 0 : bs));
            long done = 0;
            long inflight = 0;
            long handle = 0;
            long start = System.nanoTime();
            long end = start + (long) (seconds * 1e9);
            // fill the queue, then send one request per reply
            while (true) {
                boolean time = System.nanoTime() < end;
                while (time && inflight < qd) {
                    req.clear();
                    req.putInt(0x25609513).putShort((short) 0).putShort((short) (write ? 1 : 0)).putLong(++handle)
                            .putLong(rnd.nextLong(blocks) * bs).putInt(bs);
                    if (write) {
                        req.put(payload);
                    }
                    req.flip();
                    while (req.hasRemaining()) {
                        ch.write(req);
                    }
                    inflight++;
                }
                if (inflight == 0) {
                    break;
                }
                rep.clear();
                rep.limit(write ? 16 : 16 + bs);
                while (rep.hasRemaining()) {
                    if (ch.read(rep) < 0) {
                        throw new EOFException();
                    }
                }
                if (rep.getInt(4) != 0) {
                    throw new IOException("NBD error " + rep.getInt(4));
                }
                inflight--;
                done++;
            }
            double elapsed = (System.nanoTime() - start) / 1e9;
            System.out.printf("%.0f%n", done / elapsed);
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
