package org.qmpd.display.spice;

import static org.qmpd.display.spice.SpiceProtocol.*;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.RSAKeyGenParameterSpec;

import javax.crypto.Cipher;
import javax.net.ssl.SSLSocket;

import org.qmpd.display.net.Endpoint;

/**
 * One SPICE connection, as spice-server's {@code reds.c} links it. What a client sees:
 * <ol>
 * <li>It sends {@code SpiceLinkHeader} ("REDQ", version 2.2) and {@code SpiceLinkMess}. A bad
 * magic, a major version other than 2 or a malformed message gets a link reply carrying
 * {@code INVALID_MAGIC}, {@code VERSION_MISMATCH} or {@code INVALID_DATA}; a channel other than
 * main (1) or inputs (3), id 0, is dropped without a reply.</li>
 * <li>The server answers {@code SpiceLinkReply}: error 0, a fresh 1024-bit RSA public key
 * (162 bytes of X.509 SubjectPublicKeyInfo), common caps auth-selection, auth-spice and
 * mini-header, and the channel's caps (main: name-and-uuid; inputs: key-scancode).</li>
 * <li>A client with auth-selection names the mechanism (only spice, 1, else
 * {@code INVALID_DATA}); then it sends its ticket, the NUL-terminated password encrypted with
 * RSA-OAEP (SHA-1). The server answers a u32 link result: {@code PERMISSION_DENIED} (7) when
 * {@link SpiceTicketing} refuses, {@code BAD_CONNECTION_ID} (8) for an inputs channel of an
 * unknown session, else {@code OK} (0).</li>
 * <li>Main channel: {@code SPICE_MSG_MAIN_INIT} (session id, server mouse mode, no agent),
 * then, if the client has the name-and-uuid cap, {@code MAIN_NAME} (the {@code -name}, if
 * given) and {@code MAIN_UUID} (all zero, as QEMU's default);
 * {@code ATTACH_CHANNELS} is answered with {@code CHANNELS_LIST} naming inputs 0. Inputs
 * channel: {@code INPUTS_INIT}, then key down/up and scancode messages type on the guest
 * keyboard. Every other message is read and ignored. Messages use the mini header when both
 * sides have the cap, else the full one.</li>
 * </ol>
 * No display, cursor, playback or record channel is served: a SPICE viewer links and sends
 * keys but shows no picture (the picture is on VNC).
 */
final class SpiceConnection implements Runnable {
    private final SpiceServer server;
    private final Socket socket;
    private final boolean tls;
    private final Endpoint peer;
    private final Endpoint local;
    private DataInputStream in;
    private OutputStream out;
    private boolean miniHeader;
    private long serial;
    /** The body of the message {@link #readMessage} read last. */
    private ByteBuffer body;
    private volatile int connectionId = -1;

    SpiceConnection(SpiceServer server, Socket socket, boolean tls) {
        this.server = server;
        this.socket = socket;
        this.tls = tls;
        this.peer = Endpoint.of(socket.getRemoteSocketAddress());
        this.local = Endpoint.of(socket.getLocalSocketAddress());
    }

    int connectionId() {
        return connectionId;
    }

    @Override
    public void run() {
        SpiceServer.Channel channel = null;
        boolean main = false;
        boolean announced = false;
        try {
            if (socket instanceof SSLSocket ssl) {
                ssl.startHandshake();
            }
            server.listener().connected(local, peer);
            announced = true;
            in = new DataInputStream(new BufferedInputStream(socket.getInputStream()));
            out = socket.getOutputStream();
            Link link = readLink();
            if (link == null) {
                return;
            }
            main = link.type == CHANNEL_MAIN;
            int id = authenticate(link);
            if (id < 0) {
                return;
            }
            connectionId = id;
            channel = new SpiceServer.Channel(peer, local, id, link.type, link.id, tls);
            server.linked(channel);
            miniHeader = link.hasCommonCap(COMMON_CAP_MINI_HEADER);
            if (main) {
                runMain(link);
            } else {
                runInputs();
            }
        } catch (IOException | GeneralSecurityException e) {
            // the client went away or broke the protocol
        } finally {
            close();
            server.closed(this, channel, main);
            if (announced) {
                server.listener().disconnected(local, peer);
            }
        }
    }

    /** A parsed {@code SpiceLinkMess}. */
    private record Link(int connectionId, int type, int id, int[] commonCaps, int[] channelCaps) {
        boolean hasCommonCap(int cap) {
            return has(commonCaps, cap);
        }

        boolean hasChannelCap(int cap) {
            return has(channelCaps, cap);
        }

        private static boolean has(int[] caps, int cap) {
            return cap / 32 < caps.length && (caps[cap / 32] & (1 << (cap % 32))) != 0;
        }
    }

    private Link readLink() throws IOException {
        ByteBuffer header = read(16);
        int magic = header.getInt();
        int major = header.getInt();
        header.getInt();
        long size = header.getInt() & 0xFFFFFFFFL;
        if (magic != MAGIC) {
            linkError(LINK_ERR_INVALID_MAGIC);
            return null;
        }
        if (major != VERSION_MAJOR) {
            if (major > 0) {
                linkError(LINK_ERR_VERSION_MISMATCH);
            }
            return null;
        }
        if (size < LINK_MESS_SIZE || size > 4096) {
            linkError(LINK_ERR_INVALID_DATA);
            return null;
        }
        ByteBuffer body = read((int) size);
        int connection = body.getInt();
        int type = body.get() & 0xFF;
        int id = body.get() & 0xFF;
        long numCommon = body.getInt() & 0xFFFFFFFFL;
        long numChannel = body.getInt() & 0xFFFFFFFFL;
        long capsOffset = body.getInt() & 0xFFFFFFFFL;
        long numCaps = numCommon + numChannel;
        if (numCommon > 1024 || numChannel > 1024
                || numCaps > 0 && (numCaps * 4 + capsOffset > size || capsOffset < LINK_MESS_SIZE)) {
            linkError(LINK_ERR_INVALID_DATA);
            return null;
        }
        int[] common = new int[(int) numCommon];
        int[] channel = new int[(int) numChannel];
        for (int i = 0; i < numCaps; i++) {
            int cap = body.getInt((int) capsOffset + 4 * i);
            if (i < numCommon) {
                common[i] = cap;
            } else {
                channel[(int) (i - numCommon)] = cap;
            }
        }
        if (id != 0 || (type != CHANNEL_MAIN && type != CHANNEL_INPUTS)) {
            return null; // reds_send_link_ack: no such channel, the link is dropped
        }
        return new Link(connection, type, id, common, channel);
    }

    /** Sends the reply, checks the ticket; the connection id, or -1 after a refusal. */
    private int authenticate(Link link) throws IOException, GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(new RSAKeyGenParameterSpec(TICKET_KEY_PAIR_LENGTH, RSAKeyGenParameterSpec.F4));
        KeyPair keys = generator.generateKeyPair();
        byte[] publicKey = keys.getPublic().getEncoded();
        int commonCaps = 1 << COMMON_CAP_PROTOCOL_AUTH_SELECTION | 1 << COMMON_CAP_AUTH_SPICE | 1 << COMMON_CAP_MINI_HEADER;
        int channelCaps = link.type == CHANNEL_MAIN ? 1 << MAIN_CAP_NAME_AND_UUID : 1 << INPUTS_CAP_KEY_SCANCODE;
        ByteBuffer reply = le(16 + LINK_REPLY_SIZE + 8);
        reply.putInt(MAGIC).putInt(VERSION_MAJOR).putInt(VERSION_MINOR).putInt(LINK_REPLY_SIZE + 8);
        reply.putInt(LINK_ERR_OK);
        reply.put(publicKey, 0, Math.min(publicKey.length, TICKET_PUBKEY_BYTES));
        reply.position(16 + 4 + TICKET_PUBKEY_BYTES);
        reply.putInt(1).putInt(1).putInt(LINK_REPLY_SIZE);
        reply.putInt(commonCaps).putInt(channelCaps);
        send(reply);

        if (link.hasCommonCap(COMMON_CAP_PROTOCOL_AUTH_SELECTION)) {
            int mechanism = read(4).getInt();
            if (mechanism != COMMON_CAP_AUTH_SPICE) {
                linkError(LINK_ERR_INVALID_DATA);
                return -1;
            }
        }
        byte[] ticket = new byte[TICKET_KEY_PAIR_LENGTH / 8];
        in.readFully(ticket);
        String password;
        try {
            Cipher rsa = Cipher.getInstance("RSA/ECB/OAEPWithSHA-1AndMGF1Padding");
            rsa.init(Cipher.DECRYPT_MODE, keys.getPrivate());
            byte[] plain = rsa.doFinal(ticket);
            int end = 0;
            while (end < plain.length && plain[end] != 0) {
                end++;
            }
            password = new String(plain, 0, end, StandardCharsets.UTF_8);
        } catch (GeneralSecurityException e) {
            password = null; // "failed to decrypt RSA encrypted password"
        }
        if (password == null || !server.ticketing().admits(password)) {
            linkResult(LINK_ERR_PERMISSION_DENIED);
            return -1;
        }
        if (link.type == CHANNEL_MAIN) {
            linkResult(LINK_ERR_OK);
            if (link.connectionId == 0) {
                return server.newSession(this);
            }
            server.joinSession(link.connectionId, this);
            return link.connectionId;
        }
        if (!server.hasSession(link.connectionId)) {
            linkResult(LINK_ERR_BAD_CONNECTION_ID);
            return -1;
        }
        linkResult(LINK_ERR_OK);
        return link.connectionId;
    }

    private void runMain(Link link) throws IOException {
        ByteBuffer init = le(32);
        init.putInt(connectionId).putInt(0).putInt(MOUSE_MODE_SERVER).putInt(MOUSE_MODE_SERVER)
                .putInt(0).putInt(0).putInt((int) (System.nanoTime() / 1_000_000)).putInt(0);
        message(MSG_MAIN_INIT, init);
        if (link.hasChannelCap(MAIN_CAP_NAME_AND_UUID)) {
            if (server.name() != null) {
                byte[] name = server.name().getBytes(StandardCharsets.UTF_8);
                ByteBuffer n = le(4 + name.length + 1);
                n.putInt(name.length + 1).put(name).put((byte) 0);
                message(MSG_MAIN_NAME, n);
            }
            message(MSG_MAIN_UUID, le(16));
        }
        while (true) {
            int type = readMessage();
            if (type == MSGC_MAIN_ATTACH_CHANNELS) {
                ByteBuffer list = le(6);
                list.putInt(1).put((byte) CHANNEL_INPUTS).put((byte) 0);
                message(MSG_MAIN_CHANNELS_LIST, list);
            } else if (type == MSGC_DISCONNECTING) {
                return;
            }
        }
    }

    private void runInputs() throws IOException {
        message(MSG_INPUTS_INIT, le(2));
        while (true) {
            int type = readMessage();
            if (type == MSGC_INPUTS_KEY_DOWN || type == MSGC_INPUTS_KEY_UP) {
                int code = body.getInt();
                int number = (code & 0xFF) == 0xE0 ? 0x80 | ((code >> 8) & 0x7F) : code & 0x7F;
                server.keyboard().key(number, type == MSGC_INPUTS_KEY_DOWN);
            } else if (type == MSGC_INPUTS_KEY_SCANCODE) {
                boolean extended = false;
                while (body.hasRemaining()) {
                    int b = body.get() & 0xFF;
                    if (b == 0xE0) {
                        extended = true;
                        continue;
                    }
                    server.keyboard().key((b & 0x7F) | (extended ? 0x80 : 0), (b & 0x80) == 0);
                    extended = false;
                }
            } else if (type == MSGC_DISCONNECTING) {
                return;
            }
        }
    }

    /** Reads one message into {@link #body} and returns its type. */
    private int readMessage() throws IOException {
        ByteBuffer h = read(miniHeader ? 6 : 18);
        if (!miniHeader) {
            h.getLong();
        }
        int type = h.getShort() & 0xFFFF;
        long size = h.getInt() & 0xFFFFFFFFL;
        if (size > (1 << 20)) {
            throw new IOException("message too large");
        }
        body = read((int) size);
        return type;
    }

    private void message(int type, ByteBuffer payload) throws IOException {
        int size = payload.capacity();
        ByteBuffer m = le((miniHeader ? 6 : 18) + size);
        if (!miniHeader) {
            m.putLong(++serial);
        }
        m.putShort((short) type).putInt(size);
        if (!miniHeader) {
            m.putInt(0);
        }
        m.put(payload.array());
        send(m);
    }

    private void linkError(int error) throws IOException {
        ByteBuffer reply = le(16 + LINK_REPLY_SIZE);
        reply.putInt(MAGIC).putInt(VERSION_MAJOR).putInt(VERSION_MINOR).putInt(LINK_REPLY_SIZE);
        reply.putInt(error);
        send(reply);
    }

    private void linkResult(int result) throws IOException {
        send(le(4).putInt(result));
    }

    private ByteBuffer read(int n) throws IOException {
        byte[] b = new byte[n];
        in.readFully(b);
        return ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
    }

    private void send(ByteBuffer b) throws IOException {
        out.write(b.array());
        out.flush();
    }

    private static ByteBuffer le(int size) {
        return ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
    }

    void close() {
        try {
            socket.close();
        } catch (IOException e) {
            // already gone
        }
    }
}
