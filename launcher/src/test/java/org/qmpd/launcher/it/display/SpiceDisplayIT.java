package org.qmpd.launcher.it.display;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.qmpd.launcher.it.QmpClient;
import org.qmpd.launcher.it.QmpdProcess;

/**
 * {@code -spice port=P,addr=127.0.0.1,password=s3cret} with {@code -vnc 127.0.0.1:N} (no VNC
 * password): the SPICE link handshake and its ticket checks as {@code set_password} and
 * {@code expire_password} change them, the inputs channel typing on the console,
 * {@code query-spice} with linked channels, the SPICE events, {@code client_migrate_info}, and
 * VNC without password authentication.
 */
class SpiceDisplayIT {
    static QmpdProcess qmpd;
    static QmpClient qmp;
    static int spicePort;
    static int display;
    static Path dir;

    @BeforeAll
    static void start() throws Exception {
        spicePort = VncTools.freePort();
        display = VncTools.freeDisplay();
        dir = QmpdProcess.tempDir("spice-it");
        qmpd = QmpdProcess.startTcp("-spice", "port=" + spicePort + ",addr=127.0.0.1,password=s3cret",
                "-vnc", "127.0.0.1:" + display);
        qmp = qmpd.client();
    }

    @AfterAll
    static void stop() throws Exception {
        qmp.close();
        assertEquals(0, qmpd.terminate());
    }

    private static int link(String password) throws Exception {
        try (SpiceLinkClient c = SpiceLinkClient.link("127.0.0.1", spicePort, SpiceLinkClient.MAIN, 0, password)) {
            return c.result;
        }
    }

    @Test
    void thePasswordLifecycleAsAClientSeesIt() throws Exception {
        JsonNode info = qmp.ok("query-spice");
        assertEquals(true, info.get("enabled").asBoolean());
        assertEquals(false, info.get("migrated").asBoolean());
        assertEquals("127.0.0.1", info.get("host").asText());
        assertEquals(spicePort, info.get("port").asInt());
        assertFalse(info.has("tls-port"));
        assertEquals("spice", info.get("auth").asText());
        assertEquals("server", info.get("mouse-mode").asText());
        assertTrue(info.get("compiled-version").asText().matches("\\d+\\.\\d+\\.\\d+"));

        assertEquals(7, link("wrong"), "PERMISSION_DENIED");
        try (SpiceLinkClient main = SpiceLinkClient.link("127.0.0.1", spicePort, SpiceLinkClient.MAIN, 0, "s3cret")) {
            assertEquals(0, main.result);
            JsonNode channels = qmp.ok("query-spice").get("channels");
            assertEquals(1, channels.size(), channels.toString());
            JsonNode ch = channels.get(0);
            assertEquals("127.0.0.1", ch.get("host").asText());
            assertTrue(ch.get("port").isTextual(), "port is a string");
            assertEquals(1, ch.get("channel-type").asInt());
            assertEquals(0, ch.get("channel-id").asInt());
            assertEquals(main.sessionId, ch.get("connection-id").asInt());
            assertEquals(false, ch.get("tls").asBoolean());
            JsonNode initialized = qmp.event("SPICE_INITIALIZED", e -> e.at("/data/client/channel-type").asInt() == 1, Duration.ofSeconds(10));
            assertEquals("spice", initialized.at("/data/server/auth").asText());
            assertEquals(String.valueOf(spicePort), initialized.at("/data/server/port").asText());

            try (SpiceLinkClient inputs = SpiceLinkClient.link("127.0.0.1", spicePort, SpiceLinkClient.INPUTS, main.sessionId, "s3cret")) {
                assertEquals(0, inputs.result);
                assertEquals(101, inputs.receiveType(), "SPICE_MSG_INPUTS_INIT");
                for (int scancode : new int[] {0x1f, 0x19, 0x17, 0x2e, 0x12}) { // s p i c e
                    inputs.send(101, le(scancode));
                    inputs.send(102, le(scancode | 0x80));
                }
                awaitRowWith("spice");
            }
            try (SpiceLinkClient stray = SpiceLinkClient.link("127.0.0.1", spicePort, SpiceLinkClient.INPUTS, main.sessionId + 1, "s3cret")) {
                assertEquals(8, stray.result, "BAD_CONNECTION_ID");
            }

            JsonNode e = qmp.error("set_password", Map.of("protocol", "spice", "password", "new", "connected", "fail"));
            assertEquals("Could not set password", e.get("desc").asText());
            assertEquals(0, link("s3cret"), "a failed set_password changes nothing");
            qmp.ok("set_password", Map.of("protocol", "spice", "password", "new", "connected", "disconnect"));
            assertTrue(main.closedByServer(), "connected=disconnect drops the client");
        }
        assertEquals(0, link("new"));
        assertEquals(7, link("s3cret"));

        qmp.ok("expire_password", Map.of("protocol", "spice", "time", "now"));
        assertEquals(7, link("new"));
        qmp.ok("set_password", Map.of("protocol", "spice", "password", "new"));
        assertEquals(7, link("new"), "the password stays expired until the expiry moves");
        qmp.ok("expire_password", Map.of("protocol", "spice", "time", "+600"));
        assertEquals(0, link("new"));
        qmp.ok("expire_password", Map.of("protocol", "spice", "time", "never"));
        assertEquals(0, link("new"));
        qmp.event("SPICE_DISCONNECTED");
    }

    private static byte[] le(int v) {
        return ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(v).array();
    }

    private static void awaitRowWith(String text) throws Exception {
        Path ppm = dir.resolve("spice.ppm");
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (true) {
            qmp.ok("screendump", Map.of("filename", ppm.toString()));
            int[][] px = VncTools.readPpm(ppm);
            for (int r = 0; r < 25; r++) {
                boolean all = true;
                for (int i = 0; i < text.length() && all; i++) {
                    all = VncTools.cellExact(px, r, i, text.charAt(i));
                }
                if (all) {
                    return;
                }
            }
            assertTrue(System.nanoTime() < deadline, "keys from the inputs channel never reached the console");
            Thread.sleep(50);
        }
    }

    @Test
    void clientMigrateInfoChecksAsQemu24() throws Exception {
        qmp.ok("client_migrate_info", Map.of("protocol", "spice", "hostname", "127.0.0.1", "port", 5990));
        qmp.ok("client_migrate_info", Map.of("protocol", "spice", "hostname", "127.0.0.1", "port", 5990, "tls-port", 5991, "cert-subject", "CN=test"));
        assertError("Parameter 'port/tls-port' is missing", "client_migrate_info", Map.of("protocol", "spice", "hostname", "127.0.0.1"));
        assertError("Parameter 'protocol' expects spice", "client_migrate_info", Map.of("protocol", "vnc", "hostname", "127.0.0.1", "port", 5990));
        assertError("An undefined error has occurred", "client_migrate_info", Map.of("protocol", "spice", "hostname", "h", "port", -1));
        assertError("Invalid parameter type for 'port', expected: int", "client_migrate_info", Map.of("protocol", "spice", "hostname", "h", "port", "1"));
    }

    @Test
    void setPasswordRefusesABadConnectedValueFirst() throws Exception {
        assertError("Invalid parameter 'connected'", "set_password", Map.of("protocol", "spice", "password", "x", "connected", "bogus"));
    }

    @Test
    void vncWithoutPasswordAuthTakesNoPasswordButAnExpiry() throws Exception {
        assertEquals("none", qmp.ok("query-vnc").get("auth").asText());
        assertError("Could not set password", "set_password", Map.of("protocol", "vnc", "password", "x"));
        qmp.ok("expire_password", Map.of("protocol", "vnc", "time", "now"));
        VncTools.Run run = VncTools.vncsnapshot(display, null, dir.resolve("none.jpg"));
        assertEquals(0, run.exit(), run.output());
        assertTrue(run.output().contains("No authentication needed"), run.output());
    }

    private static void assertError(String desc, String command, Object args) throws Exception {
        JsonNode e = qmp.error(command, args);
        assertEquals("GenericError", e.get("class").asText());
        assertEquals(desc, e.get("desc").asText());
    }
}
