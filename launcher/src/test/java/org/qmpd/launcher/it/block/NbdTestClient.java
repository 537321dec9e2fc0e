package org.qmpd.launcher.it.block;

import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * A minimal NBD client for the tests that need to see protocol details the real tools hide
 * (error numbers, option replies): fixed newstyle, {@code NBD_OPT_GO}, simple replies.
 */
final class NbdTestClient implements Closeable {
    static final int CMD_READ = 0;
    static final int CMD_WRITE = 1;
    static final int CMD_DISC = 2;
    static final int CMD_FLUSH = 3;
    static final int CMD_TRIM = 4;
    static final int CMD_WRITE_ZEROES = 6;

    private final SocketChannel ch;
    long size;
    int flags;
    private long handles;

    private NbdTestClient(SocketChannel ch) {
        this.ch = ch;
    }

    /** Connects and selects {@code export}; throws if the server refuses it, with the reply type. */
    static NbdTestClient connect(Path socket, String export) throws IOException {
        SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX);
        ch.connect(UnixDomainSocketAddress.of(socket));
        NbdTestClient c = new NbdTestClient(ch);
        ByteBuffer hello = c.read(18);
        if (hello.getLong() != 0x4e42444d41474943L || hello.getLong() != 0x49484156454F5054L) {
            throw new IOException("not a newstyle server");
        }
        c.write(ByteBuffer.allocate(4).putInt(3).flip());
        byte[] name = export.getBytes(StandardCharsets.UTF_8);
        ByteBuffer opt = ByteBuffer.allocate(16 + 4 + name.length + 2);
        opt.putLong(0x49484156454F5054L).putInt(7).putInt(4 + name.length + 2).putInt(name.length).put(name).putShort((short) 0);
        c.write(opt.flip());
        while (true) {
            ByteBuffer rh = c.read(20);
            rh.getLong();
            rh.getInt();
            int type = rh.getInt();
            ByteBuffer data = c.read(rh.getInt());
            if (type == 1) {
                return c;
            }
            if (type == 3 && data.getShort(0) == 0) {
                c.size = data.getLong(2);
                c.flags = data.getShort(10) & 0xffff;
            } else if (type < 0) {
                ch.close();
                throw new IOException("option refused: 0x" + Integer.toHexString(type) + " "
                        + new String(data.array(), StandardCharsets.UTF_8));
            }
        }
    }

    /** Connects with the old {@code NBD_OPT_EXPORT_NAME}; returns null if the server hangs up (unknown export). */
    static NbdTestClient connectByExportName(Path socket, String export) throws IOException {
        SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX);
        ch.connect(UnixDomainSocketAddress.of(socket));
        NbdTestClient c = new NbdTestClient(ch);
        c.read(18);
        c.write(ByteBuffer.allocate(4).putInt(1).flip());
        byte[] name = export.getBytes(StandardCharsets.UTF_8);
        c.write(ByteBuffer.allocate(16 + name.length).putLong(0x49484156454F5054L).putInt(1).putInt(name.length).put(name).flip());
        try {
            ByteBuffer r = c.read(134);
            c.size = r.getLong();
            c.flags = r.getShort() & 0xffff;
            return c;
        } catch (EOFException e) {
            ch.close();
            return null;
        }
    }

    /** Sends a write without waiting for its reply (to pipeline requests); returns its handle. */
    long sendWrite(long offset, byte[] data) throws IOException {
        long handle = ++handles;
        ByteBuffer req = ByteBuffer.allocate(28 + data.length);
        req.putInt(0x25609513).putShort((short) 0).putShort((short) CMD_WRITE).putLong(handle).putLong(offset)
                .putInt(data.length).put(data);
        write(req.flip());
        return handle;
    }

    /** Reads one simple reply (no data); returns its error. */
    int readReply() throws IOException {
        ByteBuffer rep = read(16);
        if (rep.getInt() != 0x67446698) {
            throw new IOException("bad reply magic");
        }
        return rep.getInt();
    }

    /** Sends a request and returns the reply's error (data, if any, goes to {@code readInto}). */
    int request(int type, long offset, int length, ByteBuffer payload, ByteBuffer readInto) throws IOException {
        long handle = ++handles;
        ByteBuffer req = ByteBuffer.allocate(28);
        req.putInt(0x25609513).putShort((short) 0).putShort((short) type).putLong(handle).putLong(offset).putInt(length);
        write(req.flip());
        if (payload != null) {
            write(payload);
        }
        if (type == CMD_DISC) {
            return 0;
        }
        ByteBuffer rep = read(16);
        if (rep.getInt() != 0x67446698) {
            throw new IOException("bad reply magic");
        }
        int error = rep.getInt();
        if (rep.getLong() != handle) {
            throw new IOException("reply for another handle");
        }
        if (type == CMD_READ && error == 0) {
            ByteBuffer data = read(length);
            if (readInto != null) {
                readInto.put(data);
            }
        }
        return error;
    }

    int write(long offset, byte[] data) throws IOException {
        return request(CMD_WRITE, offset, data.length, ByteBuffer.wrap(data), null);
    }

    ByteBuffer read(int n) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(n);
        while (b.hasRemaining()) {
            if (ch.read(b) < 0) {
                throw new EOFException();
            }
        }
        return b.flip();
    }

    private void write(ByteBuffer b) throws IOException {
        while (b.hasRemaining()) {
            ch.write(b);
        }
    }

    @Override
    public void close() throws IOException {
        ch.close();
    }
}
