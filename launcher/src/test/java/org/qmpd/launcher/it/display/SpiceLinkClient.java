package org.qmpd.launcher.it.display;

import java.io.Closeable;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.spec.X509EncodedKeySpec;

import javax.crypto.Cipher;

/**
 * A SPICE client written from the protocol (spice-protocol 2.2), as far as the link: it sends
 * {@code SpiceLinkHeader} and {@code SpiceLinkMess}, reads {@code SpiceLinkReply}, picks spice
 * authentication, sends the password encrypted with RSA-OAEP under the server's key and reads
 * the link result. On a linked main channel it reads the first message, which must be
 * {@code SPICE_MSG_MAIN_INIT}, for the session id. Checked against QEMU 7.2's spice-server.
 */
final class SpiceLinkClient implements Closeable {
    static final int MAIN = 1;
    static final int INPUTS = 3;

    private final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;
    /** The {@code error} of the link reply, then the link result. */
    int result = -1;
    /** The session id from {@code SPICE_MSG_MAIN_INIT}, for a main channel. */
    int sessionId;

    private SpiceLinkClient(Socket socket) throws IOException {
        this.socket = socket;
        this.in = new DataInputStream(socket.getInputStream());
        this.out = socket.getOutputStream();
    }

    /** Links a channel and returns the client (still connected when the link succeeded). */
    static SpiceLinkClient link(Socket socket, int channelType, int connectionId, String password)
            throws IOException, GeneralSecurityException {
        socket.setSoTimeout(10_000);
        SpiceLinkClient c = new SpiceLinkClient(socket);
        c.doLink(channelType, connectionId, password);
        return c;
    }

    static SpiceLinkClient link(String host, int port, int channelType, int connectionId, String password)
            throws IOException, GeneralSecurityException {
        Socket s = new Socket();
        s.connect(new InetSocketAddress(host, port), 5000);
        return link(s, channelType, connectionId, password);
    }

    private void doLink(int channelType, int connectionId, String password) throws IOException, GeneralSecurityException {
        ByteBuffer m = le(16 + 18 + 8);
        m.putInt(0x51444552).putInt(2).putInt(2).putInt(18 + 8);
        m.putInt(connectionId).put((byte) channelType).put((byte) 0).putInt(1).putInt(1).putInt(18);
        m.putInt(1 | 2 | 8); // auth selection, auth spice, mini header
        m.putInt(channelType == MAIN ? 2 : 0); // main: name-and-uuid
        out.write(m.array());
        out.flush();

        ByteBuffer header = read(16);
        if (header.getInt() != 0x51444552) {
            throw new IOException("bad magic in link reply");
        }
        header.getInt();
        header.getInt();
        int size = header.getInt();
        ByteBuffer reply = read(size);
        result = reply.getInt();
        if (result != 0) {
            return;
        }
        byte[] key = new byte[162];
        reply.get(key);
        PublicKey publicKey = KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(key));
        Cipher rsa = Cipher.getInstance("RSA/ECB/OAEPWithSHA-1AndMGF1Padding");
        rsa.init(Cipher.ENCRYPT_MODE, publicKey);
        byte[] pw = password.getBytes(StandardCharsets.UTF_8);
        byte[] plain = new byte[pw.length + 1];
        System.arraycopy(pw, 0, plain, 0, pw.length);
        ByteBuffer auth = le(4).putInt(1);
        out.write(auth.array());
        out.write(rsa.doFinal(plain));
        out.flush();
        result = read(4).getInt();
        if (result == 0 && channelType == MAIN) {
            ByteBuffer mini = read(6);
            int type = mini.getShort() & 0xFFFF;
            int length = mini.getInt();
            ByteBuffer body = read(length);
            if (type != 103) {
                throw new IOException("first main message is " + type + ", not SPICE_MSG_MAIN_INIT");
            }
            sessionId = body.getInt();
        }
    }

    /** Sends a mini-header message (e.g. an inputs key event). */
    void send(int type, byte[] body) throws IOException {
        ByteBuffer m = le(6 + body.length);
        m.putShort((short) type).putInt(body.length).put(body);
        out.write(m.array());
        out.flush();
    }

    /** Reads the next mini-header message's type, skipping its body. */
    int receiveType() throws IOException {
        ByteBuffer mini = read(6);
        int type = mini.getShort() & 0xFFFF;
        read(mini.getInt());
        return type;
    }

    /** True when the server closes the connection (messages still in flight are skipped). */
    boolean closedByServer() {
        try {
            while (in.read() >= 0) {
                // skip what the server sent before closing
            }
            return true;
        } catch (java.net.SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true;
        }
    }

    private ByteBuffer read(int n) throws IOException {
        byte[] b = new byte[n];
        in.readFully(b);
        return ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
    }

    private static ByteBuffer le(int n) {
        return ByteBuffer.allocate(n).order(ByteOrder.LITTLE_ENDIAN);
    }

    /** Runs a link against a server: {@code host port password}; prints the result. */
    public static void main(String[] args) throws Exception {
        try (SpiceLinkClient c = link(args[0], Integer.parseInt(args[1]), MAIN, 0, args[2])) {
            System.out.println("result " + c.result + " session " + c.sessionId);
            if (c.result == 0) {
                try (SpiceLinkClient i = link(args[0], Integer.parseInt(args[1]), INPUTS, c.sessionId, args[2])) {
                    System.out.println("inputs result " + i.result + " first message " + i.receiveType());
                }
                try (SpiceLinkClient i = link(args[0], Integer.parseInt(args[1]), INPUTS, c.sessionId + 1, args[2])) {
                    System.out.println("inputs with a wrong session: " + i.result);
                }
            }
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
