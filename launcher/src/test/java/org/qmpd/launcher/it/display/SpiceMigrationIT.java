package org.qmpd.launcher.it.display;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.time.Duration;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.Test;
import org.qmpd.launcher.it.QmpClient;
import org.qmpd.launcher.it.QmpdProcess;

/**
 * A live migration between two qmpd processes with {@code client_migrate_info} set: the source
 * emits {@code SPICE_MIGRATE_COMPLETED} (no data) and reports {@code migrated: true}; the
 * display section carries the SPICE ticket and the VNC password to the destination. Runs only
 * when the distribution has a {@code migrate} command.
 */
class SpiceMigrationIT {
    @Test
    void aCompletedMigrationEmitsSpiceMigrateCompleted() throws Exception {
        int srcSpice = VncTools.freePort();
        int dstSpice = VncTools.freePort();
        int migPort = VncTools.freePort();
        int dstDisplay = VncTools.freeDisplay();
        try (QmpdProcess src = QmpdProcess.startTcp("-spice", "port=" + srcSpice + ",addr=127.0.0.1", "-vnc", "none,password");
             QmpClient s = src.client()) {
            boolean hasMigrate = false;
            for (JsonNode cmd : s.ok("query-commands")) {
                hasMigrate |= cmd.get("name").asText().equals("migrate");
            }
            assumeTrue(hasMigrate, "no migrate command in this distribution");
            try (QmpdProcess dst = QmpdProcess.startTcp("-spice", "port=" + dstSpice + ",addr=127.0.0.1",
                    "-vnc", "127.0.0.1:" + dstDisplay + ",password", "-incoming", "tcp:127.0.0.1:" + migPort);
                 QmpClient d = dst.client()) {
                s.ok("set_password", Map.of("protocol", "spice", "password", "carried"));
                s.ok("set_password", Map.of("protocol", "vnc", "password", "vncpw"));
                s.ok("client_migrate_info", Map.of("protocol", "spice", "hostname", "127.0.0.1", "port", dstSpice));
                s.ok("migrate", Map.of("uri", "tcp:127.0.0.1:" + migPort));
                JsonNode event = s.event("SPICE_MIGRATE_COMPLETED", e -> true, Duration.ofSeconds(60));
                assertFalse(event.has("data"));
                assertTrue(s.ok("query-spice").get("migrated").asBoolean());
                assertFalse(d.ok("query-spice").get("migrated").asBoolean());

                long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                while (!d.ok("query-status").get("status").asText().equals("running")) {
                    assertTrue(System.nanoTime() < deadline, "the destination never ran");
                    Thread.sleep(50);
                }
                try (SpiceLinkClient c = SpiceLinkClient.link("127.0.0.1", dstSpice, SpiceLinkClient.MAIN, 0, "carried")) {
                    assertEquals(0, c.result, "the SPICE password came along");
                }
                VncTools.Run run = VncTools.vncsnapshot(dstDisplay,
                        VncTools.passwdFile(QmpdProcess.tempDir("mig"), "vncpw"), QmpdProcess.tempDir("mig").resolve("d.jpg"));
                assertEquals(0, run.exit(), run.output());
            }
        }
    }
}
