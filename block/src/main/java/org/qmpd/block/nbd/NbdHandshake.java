package org.qmpd.block.nbd;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;

/**
 * The fixed newstyle negotiation of one connection: the server's greeting, then the client's
 * options until it picks an export ({@code NBD_OPT_EXPORT_NAME} or {@code NBD_OPT_GO}) or
 * leaves. {@code NBD_OPT_LIST} and {@code NBD_OPT_INFO} are answered; structured replies,
 * TLS and meta contexts are refused as the protocol allows, so clients fall back to simple
 * replies.
 */
final class NbdHandshake {
    private final NbdServer server;
    private final SocketChannel ch;
    private boolean noZeroes;

    NbdHandshake(NbdServer server, SocketChannel ch) {
        this.server = server;
        this.ch = ch;
    }

    /** Runs the negotiation; returns the export chosen, or null if the client left. */
    NbdExport negotiate() throws IOException {
        ByteBuffer hello = ByteBuffer.allocate(18);
        hello.putLong(Nbd.NBDMAGIC).putLong(Nbd.IHAVEOPT).putShort((short) (Nbd.FLAG_FIXED_NEWSTYLE | Nbd.FLAG_NO_ZEROES));
        write(hello.flip());
        int clientFlags = read(4).getInt();
        if ((clientFlags & ~(Nbd.FLAG_FIXED_NEWSTYLE | Nbd.FLAG_NO_ZEROES)) != 0) {
            return null;
        }
        noZeroes = (clientFlags & Nbd.FLAG_NO_ZEROES) != 0;
        while (true) {
            ByteBuffer h = read(16);
            if (h.getLong() != Nbd.IHAVEOPT) {
                return null;
            }
            int option = h.getInt();
            int length = h.getInt();
            if (length < 0 || length > 65536) {
                return null;
            }
            ByteBuffer data = read(length);
            switch (option) {
                case Nbd.OPT_EXPORT_NAME: {
                    NbdExport e = server.export(new String(data.array(), StandardCharsets.UTF_8));
                    if (e == null) {
                        return null; // the protocol has no error reply here: hang up
                    }
                    ByteBuffer r = ByteBuffer.allocate(noZeroes ? 10 : 134);
                    r.putLong(e.backend().size()).putShort((short) flags(e));
                    write(r.clear());
                    return e;
                }
                case Nbd.OPT_ABORT:
                    reply(option, Nbd.REP_ACK, new byte[0]);
                    return null;
                case Nbd.OPT_LIST:
                    if (length != 0) {
                        error(option, Nbd.REP_ERR_INVALID, "OPT_LIST should not have length");
                        break;
                    }
                    for (NbdExport e : server.exports()) {
                        byte[] name = e.name().getBytes(StandardCharsets.UTF_8);
                        reply(option, Nbd.REP_SERVER, ByteBuffer.allocate(4 + name.length).putInt(name.length).put(name).array());
                    }
                    reply(option, Nbd.REP_ACK, new byte[0]);
                    break;
                case Nbd.OPT_INFO:
                case Nbd.OPT_GO: {
                    NbdExport e = info(option, data);
                    if (e != null && option == Nbd.OPT_GO) {
                        return e;
                    }
                    break;
                }
                case Nbd.OPT_STARTTLS:
                    error(option, Nbd.REP_ERR_POLICY, "TLS not configured");
                    break;
                case Nbd.OPT_LIST_META_CONTEXT:
                case Nbd.OPT_SET_META_CONTEXT:
                    error(option, Nbd.REP_ERR_INVALID, "structured replies not negotiated");
                    break;
                default:
                    error(option, Nbd.REP_ERR_UNSUP, "Unsupported option " + option);
            }
        }
    }

    /** Answers {@code NBD_OPT_INFO} / {@code NBD_OPT_GO}; returns the export if it exists. */
    private NbdExport info(int option, ByteBuffer data) throws IOException {
        if (data.remaining() < 6) {
            error(option, Nbd.REP_ERR_INVALID, "request too short");
            return null;
        }
        int nameLength = data.getInt();
        if (nameLength < 0 || nameLength + 6 > data.capacity()) {
            error(option, Nbd.REP_ERR_INVALID, "bad name length");
            return null;
        }
        byte[] nameBytes = new byte[nameLength];
        data.get(nameBytes);
        int requests = data.getShort() & 0xffff;
        if (data.remaining() != requests * 2) {
            error(option, Nbd.REP_ERR_INVALID, "bad information request count");
            return null;
        }
        boolean wantName = false;
        for (int i = 0; i < requests; i++) {
            if (data.getShort() == Nbd.INFO_NAME) {
                wantName = true;
            }
        }
        String name = new String(nameBytes, StandardCharsets.UTF_8);
        NbdExport e = server.export(name);
        if (e == null) {
            error(option, Nbd.REP_ERR_UNKNOWN, "export '" + name + "' not present");
            return null;
        }
        if (wantName) {
            reply(option, Nbd.REP_INFO, ByteBuffer.allocate(2 + nameBytes.length).putShort((short) Nbd.INFO_NAME).put(nameBytes).array());
        }
        reply(option, Nbd.REP_INFO, ByteBuffer.allocate(14).putShort((short) Nbd.INFO_BLOCK_SIZE)
                .putInt(1).putInt(4096).putInt(Nbd.MAX_REQUEST).array());
        reply(option, Nbd.REP_INFO, ByteBuffer.allocate(12).putShort((short) Nbd.INFO_EXPORT)
                .putLong(e.backend().size()).putShort((short) flags(e)).array());
        reply(option, Nbd.REP_ACK, new byte[0]);
        return e;
    }

    /**
     * Transmission flags. Multi-conn only for read-only exports, as qemu-storage-daemon's
     * default: a writer then keeps to one connection, which batches better and, on a small
     * machine, costs clearly less CPU per byte than several competing ones.
     */
    static int flags(NbdExport e) {
        int f = Nbd.TF_HAS_FLAGS | Nbd.TF_SEND_FLUSH | Nbd.TF_SEND_FUA;
        return e.writable() ? f | Nbd.TF_SEND_TRIM | Nbd.TF_SEND_WRITE_ZEROES : f | Nbd.TF_READ_ONLY | Nbd.TF_CAN_MULTI_CONN;
    }

    private void error(int option, int type, String message) throws IOException {
        reply(option, type, message.getBytes(StandardCharsets.UTF_8));
    }

    private void reply(int option, int type, byte[] data) throws IOException {
        ByteBuffer r = ByteBuffer.allocate(20 + data.length);
        r.putLong(Nbd.REPLY_MAGIC).putInt(option).putInt(type).putInt(data.length).put(data);
        write(r.flip());
    }

    private ByteBuffer read(int n) throws IOException {
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
}
