package org.qmpd.launcher.it.display;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.qmpd.launcher.it.QmpClient;
import org.qmpd.launcher.it.QmpdProcess;

/**
 * {@code -vnc 127.0.0.1:N,password}: the real RFB server seen by Debian's {@code vncsnapshot}
 * (RFB 3.3, VNC authentication), {@code send-key} typing on the console, {@code screendump},
 * passwords and their expiry, {@code query-vnc} and the VNC events, and the errors of the
 * display commands on a machine without SPICE.
 */
class VncDisplayIT {
    static QmpdProcess qmpd;
    static int display;
    static Path dir;
    static QmpClient qmp;

    @BeforeAll
    static void start() throws Exception {
        display = VncTools.freeDisplay();
        dir = QmpdProcess.tempDir("vnc-it");
        qmpd = QmpdProcess.startTcp("-vnc", "127.0.0.1:" + display + ",password", "-name", "vnctest");
        qmp = qmpd.client();
    }

    @AfterAll
    static void stop() throws Exception {
        qmp.close();
        assertEquals(0, qmpd.terminate());
    }

    /** Types {@code text} with send-key, one key (with shift where needed) per character. */
    static void type(QmpClient c, String text) throws Exception {
        for (char ch : text.toCharArray()) {
            List<Map<String, Object>> keys = new ArrayList<>();
            String shifted = "ABCDEFGHIJKLMNOPQRSTUVWXYZ!";
            if (shifted.indexOf(ch) >= 0) {
                keys.add(Map.of("type", "qcode", "data", "shift"));
            }
            String qcode = switch (ch) {
                case ' ' -> "spc";
                case ',' -> "comma";
                case '!' -> "1";
                default -> String.valueOf(Character.toLowerCase(ch));
            };
            keys.add(Map.of("type", "qcode", "data", qcode));
            c.ok("send-key", Map.of("keys", keys, "hold-time", 2));
        }
    }

    @Test
    void queryVncShowsTheListeningSocketAndVncAuth() throws Exception {
        JsonNode info = qmp.ok("query-vnc");
        assertEquals(true, info.get("enabled").asBoolean());
        assertEquals("127.0.0.1", info.get("host").asText());
        assertEquals("ipv4", info.get("family").asText());
        assertEquals(String.valueOf(5900 + display), info.get("service").asText());
        assertEquals("vnc", info.get("auth").asText());
        assertTrue(info.get("clients").isArray());
        assertEquals(6, info.size());
    }

    @Test
    void vncsnapshotWithThePasswordCapturesWhatSendKeyTyped() throws Exception {
        qmp.ok("set_password", Map.of("protocol", "vnc", "password", "pw"));
        String text = "Hi, VNC!";
        qmp.ok("send-key", Map.of("keys", List.of(Map.of("type", "qcode", "data", "ret"))));
        type(qmp, text);
        // find the row: where the cursor was depends on what ran before
        int row = -1;
        Path ppm = dir.resolve("screen.ppm");
        int[][] screen = null;
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (row < 0) {
            qmp.ok("screendump", Map.of("filename", ppm.toString()));
            screen = VncTools.readPpm(ppm);
            for (int r = 0; r < 25 && row < 0; r++) {
                boolean all = true;
                for (int i = 0; i < text.length() && all; i++) {
                    all = VncTools.cellExact(screen, r, i, text.charAt(i));
                }
                row = all ? r : -1;
            }
            if (row < 0) {
                assertTrue(System.nanoTime() < deadline, "the typed text never appeared in a screendump");
                Thread.sleep(50);
            }
        }
        assertEquals(400, screen.length);
        assertEquals(640, screen[0].length);
        String banner = "qmpd text console";
        for (int i = 0; i < banner.length(); i++) {
            assertTrue(VncTools.cellExact(screen, 0, i, banner.charAt(i)), "banner cell " + i);
        }

        Path jpeg = dir.resolve("snap.jpg");
        VncTools.Run run = VncTools.vncsnapshot(display, VncTools.passwdFile(dir, "pw"), jpeg);
        assertEquals(0, run.exit(), run.output());
        assertTrue(run.output().contains("VNC authentication succeeded"), run.output());
        assertTrue(run.output().contains("Desktop name \"QEMU (vnctest)\""), run.output());
        int[][] captured = VncTools.readImage(jpeg);
        assertEquals(400, captured.length);
        assertEquals(640, captured[0].length);
        for (int i = 0; i < text.length(); i++) {
            int bad = VncTools.cellMismatches(captured, row, i, text.charAt(i));
            assertTrue(bad <= 2, "cell " + i + " ('" + text.charAt(i) + "') differs in " + bad + " pixels");
        }
        for (int i = 0; i < banner.length(); i++) {
            assertTrue(VncTools.cellMismatches(captured, 0, i, banner.charAt(i)) <= 2, "banner cell " + i);
        }
        assertEquals(0, VncTools.cellMismatches(captured, 20, 40, ' '), "an untouched cell is blank");
        int ink = 0;
        for (int i = 0; i < text.length(); i++) {
            ink += 128 - VncTools.cellMismatches(captured, row, i, ' ');
        }
        assertTrue(ink > 60, "the captured text is not blank");

        JsonNode connected = qmp.event("VNC_CONNECTED");
        assertEquals("127.0.0.1", connected.at("/data/client/host").asText());
        assertEquals("vnc", connected.at("/data/server/auth").asText());
        assertEquals(String.valueOf(5900 + display), connected.at("/data/server/service").asText());
        qmp.event("VNC_INITIALIZED");
        qmp.event("VNC_DISCONNECTED");
    }

    @Test
    void aWrongOrExpiredPasswordIsRefused() throws Exception {
        qmp.ok("set_password", Map.of("protocol", "vnc", "password", "right"));
        Path wrong = VncTools.passwdFile(dir, "wrong");
        VncTools.Run run = VncTools.vncsnapshot(display, wrong, dir.resolve("wrong.jpg"));
        assertNotEquals(0, run.exit());
        assertTrue(run.output().contains("VNC authentication failed"), run.output());

        Path right = VncTools.passwdFile(dir, "right");
        try {
            qmp.ok("expire_password", Map.of("protocol", "vnc", "time", "now"));
            run = VncTools.vncsnapshot(display, right, dir.resolve("expired.jpg"));
            assertNotEquals(0, run.exit());
            assertTrue(run.output().contains("VNC authentication failed"), run.output());
            // set_password leaves the expiry alone
            qmp.ok("set_password", Map.of("protocol", "vnc", "password", "right"));
            assertNotEquals(0, VncTools.vncsnapshot(display, right, dir.resolve("expired2.jpg")).exit());
        } finally {
            qmp.ok("expire_password", Map.of("protocol", "vnc", "time", "+3600"));
        }
        run = VncTools.vncsnapshot(display, right, dir.resolve("again.jpg"));
        assertEquals(0, run.exit(), run.output());
    }

    @Test
    void queryVncListsAConnectedClient() throws Exception {
        try (Socket s = new Socket("127.0.0.1", 5900 + display)) {
            s.getInputStream().readNBytes(12);
            JsonNode clients = qmp.ok("query-vnc").get("clients");
            boolean found = false;
            for (JsonNode c : clients) {
                found |= c.get("service").asText().equals(String.valueOf(s.getLocalPort()));
                if (c.get("service").asText().equals(String.valueOf(s.getLocalPort()))) {
                    assertEquals("127.0.0.1", c.get("host").asText());
                    assertEquals("ipv4", c.get("family").asText());
                    assertEquals(false, c.get("websocket").asBoolean());
                }
            }
            assertTrue(found, clients.toString());
        }
    }

    @Test
    void setPasswordErrors() throws Exception {
        assertError("GenericError", "Invalid parameter 'connected'", "set_password", Map.of("protocol", "vnc", "password", "x", "connected", "fail"));
        assertError("GenericError", "Invalid parameter 'connected'", "set_password", Map.of("protocol", "vnc", "password", "x", "connected", "disconnect"));
        assertError("GenericError", "Invalid parameter 'connected'", "set_password", Map.of("protocol", "rdp", "password", "x", "connected", "bogus"));
        assertError("GenericError", "Invalid parameter 'protocol'", "set_password", Map.of("protocol", "rdp", "password", "x"));
        assertError("DeviceNotActive", "SPICE is not in use", "set_password", Map.of("protocol", "spice", "password", "x"));
        assertError("GenericError", "Parameter 'password' is missing", "set_password", Map.of("protocol", "vnc"));
        qmp.ok("set_password", Map.of("protocol", "vnc", "password", "pw", "connected", "keep"));
    }

    @Test
    void expirePasswordAndClientMigrateInfoErrorsWithoutSpice() throws Exception {
        assertError("DeviceNotActive", "SPICE is not in use", "expire_password", Map.of("protocol", "spice", "time", "now"));
        assertError("GenericError", "Invalid parameter 'protocol'", "expire_password", Map.of("protocol", "rdp", "time", "now"));
        qmp.ok("expire_password", Map.of("protocol", "vnc", "time", "garbage-is-the-epoch"));
        qmp.ok("expire_password", Map.of("protocol", "vnc", "time", "never"));
        assertError("DeviceNotActive", "SPICE is not in use", "client_migrate_info", Map.of("protocol", "spice", "hostname", "h", "port", 1));
        assertError("GenericError", "Parameter 'protocol' expects spice", "client_migrate_info", Map.of("protocol", "vnc", "hostname", "h", "port", 1));
        assertError("GenericError", "Parameter 'hostname' is missing", "client_migrate_info", Map.of("protocol", "spice"));
        assertEquals("{\"return\": {\"migrated\": false, \"enabled\": false, \"mouse-mode\": \"client\"}}",
                rawReply("query-spice"));
    }

    @Test
    void sendKeyErrorsComeBeforeAnyKeyIsSent() throws Exception {
        assertError("GenericError", "Invalid parameter 'nosuchkey'", "send-key",
                Map.of("keys", List.of(Map.of("type", "qcode", "data", "a"), Map.of("type", "qcode", "data", "nosuchkey"))));
        assertError("GenericError", "Invalid parameter 'bogus'", "send-key", Map.of("keys", List.of(Map.of("type", "bogus", "data", "a"))));
        assertError("GenericError", "Invalid parameter type for 'hold-time', expected: int", "send-key",
                Map.of("keys", List.of(), "hold-time", "x"));
        assertError("GenericError", "Parameter 'keys' is missing", "send-key", Map.of());
        qmp.ok("send-key", Map.of("keys", List.of()));
        qmp.ok("send-key", Map.of("keys", List.of(Map.of("type", "number", "data", 99999))));
        assertEquals("invalid parameter: nosuch\r\n", qmp.ok("human-monitor-command", Map.of("command-line", "sendkey nosuch")).asText());
        assertEquals("", qmp.ok("human-monitor-command", Map.of("command-line", "sendkey ctrl-alt-delete")).asText());
    }

    @Test
    void hmpScreendumpWritesTheSamePicture() throws Exception {
        Path a = dir.resolve("hmp.ppm");
        assertEquals("", qmp.ok("human-monitor-command", Map.of("command-line", "screendump " + a)).asText());
        assertEquals(640, VncTools.readPpm(a)[0].length);
        assertEquals("failed to open file '/nonexistent-dir/y.ppm': No such file or directory\r\n",
                qmp.ok("human-monitor-command", Map.of("command-line", "screendump /nonexistent-dir/y.ppm")).asText());
    }

    @Test
    void screendumpErrors() throws Exception {
        assertError("GenericError", "failed to open file '/nonexistent-dir/x.ppm': No such file or directory",
                "screendump", Map.of("filename", "/nonexistent-dir/x.ppm"));
        assertError("GenericError", "failed to open file '" + dir + "': Is a directory", "screendump", Map.of("filename", dir.toString()));
    }

    private static String rawReply(String command) throws Exception {
        qmp.execute(command);
        List<String> lines = qmp.rawLines();
        return lines.get(lines.size() - 1);
    }

    static void assertError(String cls, String desc, String command, Object args) throws Exception {
        JsonNode e = qmp.error(command, args);
        assertEquals(cls, e.get("class").asText(), e.toString());
        assertEquals(desc, e.get("desc").asText());
    }
}
