package org.qmpd.launcher.it.display;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.Test;
import org.qmpd.launcher.it.QmpClient;
import org.qmpd.launcher.it.QmpdProcess;

/** {@code -spice} and {@code -vnc} errors stop start-up with QEMU's words; a machine without a display. */
class DisplayStartupIT {
    private static void assertStartupFails(String expected, String... args) throws Exception {
        try (QmpdProcess p = QmpdProcess.startTcp(args)) {
            assertEquals(1, p.waitFor(30));
            String stderr = String.join("\n", p.stderr());
            assertTrue(stderr.contains(args[0] + " " + args[1] + ": " + expected), stderr);
        }
    }

    @Test
    void spiceOptionErrors() throws Exception {
        assertStartupFails("neither port nor tls-port specified for spice", "-spice", "addr=127.0.0.1");
        assertStartupFails("spice port is out of range", "-spice", "port=70000");
        assertStartupFails("Invalid parameter 'nosuch'", "-spice", "port=5999,nosuch=1");
        assertStartupFails("failed to initialize spice server", "-spice",
                "tls-port=" + VncTools.freePort() + ",addr=127.0.0.1,x509-dir=/nonexistent-x509");
    }

    @Test
    void vncOptionErrors() throws Exception {
        assertStartupFails("Failed to start VNC server: no vnc port specified", "-vnc", "127.0.0.1");
        assertStartupFails("Invalid parameter 'nosuch'", "-vnc", "127.0.0.1:1,nosuch=on");
    }

    @Test
    void withoutADisplayTheCommandsAnswerAsQemuDoes() throws Exception {
        try (QmpdProcess p = QmpdProcess.startTcp(); QmpClient c = p.client()) {
            c.execute("query-vnc");
            assertEquals("{\"return\": {\"enabled\": false}}", c.rawLines().get(c.rawLines().size() - 1));
            c.execute("query-spice");
            assertEquals("{\"return\": {\"migrated\": false, \"enabled\": false, \"mouse-mode\": \"client\"}}",
                    c.rawLines().get(c.rawLines().size() - 1));
            JsonNode e = c.error("set_password", Map.of("protocol", "vnc", "password", "x"));
            assertEquals("Could not set password", e.get("desc").asText());
            e = c.error("expire_password", Map.of("protocol", "vnc", "time", "now"));
            assertEquals("Could not set password expire time", e.get("desc").asText());
            e = c.error("set_password", Map.of("protocol", "spice", "password", "x"));
            assertEquals("DeviceNotActive", e.get("class").asText());
            assertEquals("SPICE is not in use", e.get("desc").asText());
            c.ok("send-key", Map.of("keys", java.util.List.of(Map.of("type", "qcode", "data", "a"))));
        }
    }

    @Test
    void vncNoneConfiguresADisplayThatDoesNotListen() throws Exception {
        try (QmpdProcess p = QmpdProcess.startTcp("-vnc", "none"); QmpClient c = p.client()) {
            assertEquals(false, c.ok("query-vnc").get("enabled").asBoolean());
            c.ok("set_password", Map.of("protocol", "vnc", "password", "x"));
            c.ok("expire_password", Map.of("protocol", "vnc", "time", "now"));
        }
    }
}
