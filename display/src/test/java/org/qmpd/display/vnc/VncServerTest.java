package org.qmpd.display.vnc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.qmpd.display.console.ConsoleFont;
import org.qmpd.display.console.Keyboard;
import org.qmpd.display.console.TextConsole;

/** The RFB server over real loopback sockets, driven by a client written from the RFB spec. */
class VncServerTest {
    private final TextConsole console = new TextConsole("qmpd");
    private final Keyboard keyboard = new Keyboard(console);
    private final List<String> events = new ArrayList<>();
    private VncServer server;

    private VncServer start(int auth) throws IOException {
        server = new VncServer(console, keyboard, new VncServer.Listener() {
            @Override
            public void connected(VncClient client) {
                record("connected");
            }

            @Override
            public void initialized(VncClient client) {
                record("initialized");
            }

            @Override
            public void disconnected(VncClient client) {
                record("disconnected");
            }
        }, auth, "QEMU (test)");
        server.listen(InetAddress.getLoopbackAddress(), 0, 0);
        return server;
    }

    private void record(String e) {
        synchronized (events) {
            events.add(e);
            events.notifyAll();
        }
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private final class Client implements AutoCloseable {
        final Socket socket;
        final DataInputStream in;
        final DataOutputStream out;

        Client() throws IOException {
            socket = new Socket(InetAddress.getLoopbackAddress(), server.port());
            socket.setSoTimeout(10_000);
            in = new DataInputStream(socket.getInputStream());
            out = new DataOutputStream(socket.getOutputStream());
        }

        String version(String mine) throws IOException {
            byte[] v = new byte[12];
            in.readFully(v);
            out.write(mine.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            return new String(v, StandardCharsets.US_ASCII);
        }

        void answer(byte[] challenge, String password) throws IOException {
            out.write(VncDes.response(challenge, password));
            out.flush();
        }

        byte[] challenge() throws IOException {
            byte[] c = new byte[16];
            in.readFully(c);
            return c;
        }

        /** Sends ClientInit, reads ServerInit; returns the desktop name. */
        String init() throws IOException {
            out.writeByte(1);
            out.flush();
            assertEquals(640, in.readUnsignedShort());
            assertEquals(400, in.readUnsignedShort());
            PixelFormat f = PixelFormat.read(in);
            assertEquals(PixelFormat.SERVER, f);
            byte[] name = new byte[in.readInt()];
            in.readFully(name);
            return new String(name, StandardCharsets.UTF_8);
        }

        void request(boolean incremental, int x, int y, int w, int h) throws IOException {
            out.writeByte(3);
            out.writeByte(incremental ? 1 : 0);
            out.writeShort(x);
            out.writeShort(y);
            out.writeShort(w);
            out.writeShort(h);
            out.flush();
        }

        /** Reads one update of one raw rectangle: {x, y, w, h} and the pixel bytes. */
        int[] update(List<byte[]> data, int bytesPerPixel) throws IOException {
            assertEquals(0, in.readUnsignedByte());
            in.readUnsignedByte();
            assertEquals(1, in.readUnsignedShort());
            int[] rect = {in.readUnsignedShort(), in.readUnsignedShort(), in.readUnsignedShort(), in.readUnsignedShort()};
            assertEquals(0, in.readInt(), "raw encoding");
            byte[] pixels = new byte[rect[2] * rect[3] * bytesPerPixel];
            in.readFully(pixels);
            data.add(pixels);
            return rect;
        }

        void key(int keysym, boolean down) throws IOException {
            out.writeByte(4);
            out.writeByte(down ? 1 : 0);
            out.writeShort(0);
            out.writeInt(keysym);
            out.flush();
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    @Test
    void version38WithNoAuthShowsTheConsoleInRawEncoding() throws Exception {
        start(VncServer.AUTH_NONE);
        try (Client c = new Client()) {
            assertEquals("RFB 003.008\n", c.version("RFB 003.008\n"));
            assertEquals(1, c.in.readUnsignedByte());
            assertEquals(VncServer.AUTH_NONE, c.in.readUnsignedByte());
            c.out.writeByte(VncServer.AUTH_NONE);
            c.out.flush();
            assertEquals(0, c.in.readInt(), "SecurityResult OK in 3.8");
            assertEquals("QEMU (test)", c.init());
            c.request(false, 0, 0, 640, 400);
            List<byte[]> data = new ArrayList<>();
            assertArrayEquals(new int[] {0, 0, 640, 400}, c.update(data, 4));
            byte[] px = data.get(0);
            for (int y = 0; y < 16; y++) {
                for (int x = 0; x < 8; x++) {
                    int i = 4 * (y * 640 + x);
                    int rgb = (px[i + 2] & 0xFF) << 16 | (px[i + 1] & 0xFF) << 8 | (px[i] & 0xFF);
                    assertEquals(ConsoleFont.ink('q', x, y) ? TextConsole.FOREGROUND : TextConsole.BACKGROUND, rgb);
                }
            }
        }
    }

    @Test
    void keyEventsTypeOnTheConsoleAndComeBackAsAnIncrementalUpdate() throws Exception {
        start(VncServer.AUTH_NONE);
        try (Client c = new Client()) {
            c.version("RFB 003.007\n");
            c.in.readUnsignedShort();
            c.out.writeByte(VncServer.AUTH_NONE);
            c.out.flush();
            c.init(); // 3.7 sends no SecurityResult for none
            c.request(false, 0, 0, 640, 400);
            c.update(new ArrayList<>(), 4);
            c.request(true, 0, 0, 640, 400);
            c.key(0xffe1, true);
            c.key('x', true);
            c.key('x', false);
            c.key(0xffe1, false);
            int[] rect = c.update(new ArrayList<>(), 4);
            assertTrue(rect[1] <= 32 && rect[1] + rect[3] >= 48, "the update covers row 2");
            assertEquals("X", console.row(2).strip());
        }
    }

    @Test
    void aSixteenBitPixelFormatIsHonoured() throws Exception {
        start(VncServer.AUTH_NONE);
        try (Client c = new Client()) {
            c.version("RFB 003.008\n");
            c.in.readUnsignedShort();
            c.out.writeByte(VncServer.AUTH_NONE);
            c.out.flush();
            c.in.readInt();
            c.init();
            c.out.writeByte(0);
            c.out.write(new byte[3]);
            new PixelFormat(16, 16, true, true, 31, 63, 31, 11, 5, 0).write(c.out);
            c.request(false, 0, 0, 8, 16);
            List<byte[]> data = new ArrayList<>();
            c.update(data, 2);
            byte[] px = data.get(0);
            assertEquals(8 * 16 * 2, px.length);
            int lit = 0;
            for (int i = 0; i < px.length; i += 2) {
                int v = (px[i] & 0xFF) << 8 | (px[i + 1] & 0xFF);
                assertTrue(v == 0 || v == ((0xAA * 31 / 255) << 11 | (0xAA * 63 / 255) << 5 | 0xAA * 31 / 255));
                lit += v != 0 ? 1 : 0;
            }
            assertTrue(lit > 0);
        }
    }

    @Test
    void version33VncAuthAcceptsThePassword() throws Exception {
        start(VncServer.AUTH_VNC).setPassword("pw");
        try (Client c = new Client()) {
            c.version("RFB 003.003\n");
            assertEquals(VncServer.AUTH_VNC, c.in.readInt());
            c.answer(c.challenge(), "pw");
            assertEquals(0, c.in.readInt());
            assertEquals("QEMU (test)", c.init());
        }
    }

    @Test
    void version38WrongPasswordIsRefusedWithAReason() throws Exception {
        start(VncServer.AUTH_VNC).setPassword("pw");
        try (Client c = new Client()) {
            c.version("RFB 003.008\n");
            assertEquals(1, c.in.readUnsignedByte());
            assertEquals(VncServer.AUTH_VNC, c.in.readUnsignedByte());
            c.out.writeByte(VncServer.AUTH_VNC);
            c.out.flush();
            c.answer(c.challenge(), "pv");
            assertEquals(1, c.in.readInt());
            byte[] reason = new byte[c.in.readInt()];
            c.in.readFully(reason);
            assertEquals("Authentication failed\0", new String(reason, StandardCharsets.US_ASCII));
            assertEquals(-1, c.in.read());
        }
    }

    @Test
    void anExpiredPasswordIsRefused() throws Exception {
        start(VncServer.AUTH_VNC).setPassword("pw");
        server.setExpires(System.currentTimeMillis() / 1000 - 1);
        try (Client c = new Client()) {
            c.version("RFB 003.007\n");
            c.in.readUnsignedShort();
            c.out.writeByte(VncServer.AUTH_VNC);
            c.out.flush();
            c.answer(c.challenge(), "pw");
            assertEquals(1, c.in.readInt());
            assertEquals(-1, c.in.read(), "3.7 sends no reason");
        }
    }

    @Test
    void withoutAPasswordVncAuthRefusesEveryone() throws Exception {
        start(VncServer.AUTH_VNC);
        try (Client c = new Client()) {
            c.version("RFB 003.003\n");
            c.in.readInt();
            c.answer(c.challenge(), "");
            assertEquals(1, c.in.readInt());
        }
    }

    @Test
    void anUnsupportedVersionGetsSecurityTypeZero() throws Exception {
        start(VncServer.AUTH_NONE);
        try (Client c = new Client()) {
            c.version("RFB 004.001\n");
            assertEquals(0, c.in.readInt());
            assertEquals(-1, c.in.read());
        }
        synchronized (events) {
            long deadline = System.currentTimeMillis() + 5000;
            while (!events.contains("disconnected") && System.currentTimeMillis() < deadline) {
                events.wait(100);
            }
            assertEquals(List.of("connected", "disconnected"), events);
        }
    }
}
