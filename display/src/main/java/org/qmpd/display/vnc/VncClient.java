package org.qmpd.display.vnc;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;

import org.qmpd.display.console.Framebuffer;
import org.qmpd.display.console.KeyCodes;
import org.qmpd.display.net.Endpoint;

/**
 * One RFB client connection, following QEMU 2.4's {@code ui/vnc.c}: the server offers
 * version 3.8; a client may answer 3.3, 3.7 or 3.8 (3.4 and 3.5 count as 3.3, anything else
 * gets security type 0 and is dropped). With 3.3 the server names its one security type; with
 * 3.7 and 3.8 it offers it in a list of one. VNC Authentication sends a random 16-byte
 * challenge and compares the client's DES response ({@link VncDes}); a failure answers
 * SecurityResult 1 (with 3.8, the reason {@code Authentication failed}) and closes.
 *
 * <p>After ServerInit the client's messages are read on this thread: SetPixelFormat,
 * SetEncodings, FramebufferUpdateRequest, KeyEvent (keysyms go to the guest keyboard as
 * QEMU's {@code en-us} keymap maps them), PointerEvent and ClientCutText (ignored). Updates
 * are sent by a second thread in raw encoding, whatever encodings the client lists, when the
 * client has asked for one and the console has changed (at once for a non-incremental request).
 */
public final class VncClient implements Runnable, Framebuffer.DamageListener {
    private static final byte[] AUTH_FAILED = "Authentication failed\0".getBytes(StandardCharsets.US_ASCII);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final VncServer server;
    private final Socket socket;
    private final Endpoint peer;
    private final Framebuffer fb;
    private DataInputStream in;
    private DataOutputStream out;
    private int minor;
    private volatile boolean initialized;

    // update state, guarded by this
    private PixelFormat format = PixelFormat.SERVER;
    private boolean requested;
    private int reqX, reqY, reqW, reqH;
    private int dirtyX0, dirtyY0, dirtyX1, dirtyY1;
    private boolean closed;

    VncClient(VncServer server, Socket socket) {
        this.server = server;
        this.socket = socket;
        this.peer = Endpoint.of(socket.getRemoteSocketAddress());
        this.fb = server.console().framebuffer();
    }

    public VncServer server() {
        return server;
    }

    /** The client's address. */
    public Endpoint peer() {
        return peer;
    }

    /** Whether the client got past authentication and ClientInit. */
    public boolean initialized() {
        return initialized;
    }

    @Override
    public void run() {
        server.listener().connected(this);
        try {
            in = new DataInputStream(new BufferedInputStream(socket.getInputStream()));
            out = new DataOutputStream(new BufferedOutputStream(socket.getOutputStream()));
            if (handshake()) {
                initialized = true;
                server.listener().initialized(this);
                fb.addListener(this);
                Thread writer = new Thread(this::writeUpdates, "qmpd-vnc-update");
                writer.setDaemon(true);
                writer.start();
                readMessages();
            }
        } catch (IOException e) {
            // the client went away or broke the protocol: drop it, as vnc_client_error does
        } finally {
            fb.removeListener(this);
            close();
            server.removed(this);
            server.listener().disconnected(this);
        }
    }

    private boolean handshake() throws IOException {
        out.write("RFB 003.008\n".getBytes(StandardCharsets.US_ASCII));
        out.flush();
        byte[] version = new byte[12];
        in.readFully(version);
        String v = new String(version, StandardCharsets.US_ASCII);
        if (!v.matches("RFB \\d{3}\\.\\d{3}\n")) {
            return false;
        }
        int major = Integer.parseInt(v.substring(4, 7));
        minor = Integer.parseInt(v.substring(8, 11));
        if (major != 3 || (minor != 3 && minor != 4 && minor != 5 && minor != 7 && minor != 8)) {
            out.writeInt(0);
            out.flush();
            return false;
        }
        if (minor == 4 || minor == 5) {
            minor = 3;
        }
        int auth = server.auth();
        if (minor == 3) {
            out.writeInt(auth);
            out.flush();
        } else {
            out.writeByte(1);
            out.writeByte(auth);
            out.flush();
            if (in.readUnsignedByte() != auth) {
                reject();
                return false;
            }
        }
        if (auth == VncServer.AUTH_VNC) {
            if (!authenticate()) {
                reject();
                return false;
            }
            out.writeInt(0);
        } else if (minor >= 8) {
            out.writeInt(0);
        }
        out.flush();
        in.readUnsignedByte(); // ClientInit's shared flag: every client shares the display
        out.writeShort(fb.width());
        out.writeShort(fb.height());
        PixelFormat.SERVER.write(out);
        byte[] name = server.desktopName().getBytes(StandardCharsets.UTF_8);
        out.writeInt(name.length);
        out.write(name);
        out.flush();
        return true;
    }

    private boolean authenticate() throws IOException {
        byte[] challenge = new byte[16];
        RANDOM.nextBytes(challenge);
        out.write(challenge);
        out.flush();
        byte[] response = new byte[16];
        in.readFully(response);
        String password = server.password();
        if (password == null) {
            return false; // "No password configured on server"
        }
        if (server.expires() < System.currentTimeMillis() / 1000) {
            return false; // "Password is expired"
        }
        return MessageDigest.isEqual(VncDes.response(challenge, password), response);
    }

    private void reject() throws IOException {
        out.writeInt(1);
        if (minor >= 8) {
            out.writeInt(AUTH_FAILED.length);
            out.write(AUTH_FAILED);
        }
        out.flush();
    }

    private void readMessages() throws IOException {
        while (true) {
            int type = in.readUnsignedByte();
            switch (type) {
                case 0 -> {
                    in.skipNBytes(3);
                    PixelFormat f = PixelFormat.read(in);
                    if (!f.supported()) {
                        return; // colour maps are not offered: QEMU too drops such a client
                    }
                    synchronized (this) {
                        format = f;
                    }
                }
                case 2 -> {
                    in.skipNBytes(1);
                    int n = in.readUnsignedShort();
                    in.skipNBytes(4L * n);
                }
                case 3 -> {
                    boolean incremental = in.readUnsignedByte() != 0;
                    int x = in.readUnsignedShort();
                    int y = in.readUnsignedShort();
                    int w = in.readUnsignedShort();
                    int h = in.readUnsignedShort();
                    request(incremental, x, y, w, h);
                }
                case 4 -> {
                    boolean down = in.readUnsignedByte() != 0;
                    in.skipNBytes(2);
                    int keysym = in.readInt();
                    int number = KeyCodes.keysymNumber(keysym);
                    if (number > 0) {
                        server.keyboard().key(number, down);
                    }
                }
                case 5 -> in.skipNBytes(5);
                case 6 -> {
                    in.skipNBytes(3);
                    long length = in.readInt() & 0xFFFFFFFFL;
                    if (length > (1 << 20)) {
                        return;
                    }
                    in.skipNBytes(length);
                }
                default -> {
                    return; // "Msg: %d" unknown: QEMU drops the client
                }
            }
        }
    }

    private synchronized void request(boolean incremental, int x, int y, int w, int h) {
        int x1 = Math.min(fb.width(), x + w);
        int y1 = Math.min(fb.height(), y + h);
        if (x >= x1 || y >= y1) {
            return;
        }
        requested = true;
        reqX = x;
        reqY = y;
        reqW = x1 - x;
        reqH = y1 - y;
        if (!incremental) {
            addDirty(reqX, reqY, reqW, reqH);
        }
        notifyAll();
    }

    @Override
    public synchronized void damaged(int x, int y, int w, int h) {
        addDirty(x, y, w, h);
        notifyAll();
    }

    private void addDirty(int x, int y, int w, int h) {
        if (dirtyX1 <= dirtyX0 || dirtyY1 <= dirtyY0) {
            dirtyX0 = x;
            dirtyY0 = y;
            dirtyX1 = x + w;
            dirtyY1 = y + h;
        } else {
            dirtyX0 = Math.min(dirtyX0, x);
            dirtyY0 = Math.min(dirtyY0, y);
            dirtyX1 = Math.max(dirtyX1, x + w);
            dirtyY1 = Math.max(dirtyY1, y + h);
        }
    }

    private void writeUpdates() {
        try {
            while (true) {
                int x, y, w, h;
                PixelFormat f;
                synchronized (this) {
                    while (!closed && !(requested && intersects())) {
                        wait();
                    }
                    if (closed) {
                        return;
                    }
                    x = Math.max(dirtyX0, reqX);
                    y = Math.max(dirtyY0, reqY);
                    w = Math.min(dirtyX1, reqX + reqW) - x;
                    h = Math.min(dirtyY1, reqY + reqH) - y;
                    requested = false;
                    dirtyX0 = dirtyY0 = dirtyX1 = dirtyY1 = 0;
                    f = format;
                }
                sendRaw(x, y, w, h, f);
            }
        } catch (IOException | InterruptedException e) {
            close();
        }
    }

    private boolean intersects() {
        return dirtyX1 > dirtyX0 && dirtyY1 > dirtyY0
                && dirtyX0 < reqX + reqW && reqX < dirtyX1 && dirtyY0 < reqY + reqH && reqY < dirtyY1;
    }

    private void sendRaw(int x, int y, int w, int h, PixelFormat f) throws IOException {
        int[] pixels = new int[w * h];
        fb.copy(x, y, w, h, pixels);
        int bpp = f.bytesPerPixel();
        byte[] data = new byte[pixels.length * bpp];
        for (int i = 0; i < pixels.length; i++) {
            f.encode(pixels[i], data, i * bpp);
        }
        synchronized (out) {
            out.writeByte(0);
            out.writeByte(0);
            out.writeShort(1);
            out.writeShort(x);
            out.writeShort(y);
            out.writeShort(w);
            out.writeShort(h);
            out.writeInt(0);
            out.write(data);
            out.flush();
        }
    }

    /** Disconnects the client. */
    public void close() {
        synchronized (this) {
            closed = true;
            notifyAll();
        }
        try {
            socket.close();
        } catch (IOException e) {
            // already gone
        }
    }
}
