package org.qmpd.launcher.it.migration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.Test;
import org.qmpd.launcher.it.QmpClient;
import org.qmpd.launcher.it.QmpdProcess;

/**
 * Migrations that do not complete: cancelled, or cut mid-stream by a killed process, or
 * refused for a RAM size mismatch. The source always ends as it was, guest running and RAM
 * intact (a second migration then succeeds); the destination fails cleanly.
 */
class MigrationFaultsIT {
    static final long PAGES = 32L * 1024 * 1024 / 4096;

    private static void waitActive(QmpClient s) throws Exception {
        Migrations.waitForStatus(s, "active");
        // well into the stream, not still in setup
        long deadline = System.nanoTime() + Migrations.TIMEOUT.toNanos();
        while (s.ok("query-migrate").get("ram").get("transferred").asLong() < (4 << 20)) {
            assertTrue(System.nanoTime() < deadline);
            Thread.sleep(20);
        }
    }

    private static void waitForStderr(QmpdProcess p, String text) throws Exception {
        long deadline = System.nanoTime() + Migrations.TIMEOUT.toNanos();
        while (!String.join("\n", p.stderr()).contains(text)) {
            assertTrue(System.nanoTime() < deadline, "no '" + text + "' in " + p.stderr());
            Thread.sleep(20);
        }
    }

    @Test
    void cancelMidwayLeavesTheSourceRunningAndTheDestinationFailed() throws Exception {
        int port = Migrations.freePort();
        try (QmpdProcess src = QmpdProcess.startTcp("-m", "32M");
             QmpdProcess dst = QmpdProcess.startTcp("-m", "32M", "-incoming", "tcp:127.0.0.1:" + port);
             QmpClient s = src.client(); QmpClient d = dst.client()) {
            Migrations.capabilities(s, "events");
            Migrations.capabilities(d, "events");
            Migrations.fill(s, PAGES);
            s.ok("migrate_set_speed", Map.of("value", 8 << 20));
            s.ok("migrate", Map.of("uri", "tcp:127.0.0.1:" + port));
            waitActive(s);
            assertEquals("There's a migration process in progress",
                    s.error("migrate", Map.of("uri", "tcp:127.0.0.1:" + port)).get("desc").asText());
            assertEquals("There's a migration process in progress", s.error("migrate-set-capabilities",
                    Map.of("capabilities", List.of(Map.of("capability", "xbzrle", "state", true)))).get("desc").asText());
            s.ok("migrate-set-parameters", Map.of("compress-level", 2)); // 2.4 allows this one
            JsonNode active = s.ok("query-migrate");
            assertTrue(active.has("expected-downtime") && active.has("ram") && active.has("total-time"));
            s.ok("migrate_cancel");
            assertEquals(List.of("MIGRATION:setup", "MIGRATION:active", "MIGRATION:cancelling", "MIGRATION:cancelled"),
                    Migrations.eventsUntil(s, "cancelled", n -> n.equals("MIGRATION") || n.equals("STOP")));
            assertEquals("{\"status\":\"cancelled\"}", s.ok("query-migrate").toString());
            assertEquals("running", Migrations.runState(s));
            assertEquals(List.of("MIGRATION:active", "MIGRATION:failed"),
                    Migrations.eventsUntil(d, "failed", n -> n.equals("MIGRATION")));
            assertEquals(1, dst.waitFor(20), "the destination exits with EXIT_FAILURE, as 2.4's does");
            s.ok("migrate_cancel"); // nothing to cancel any more
        }
    }

    @Test
    void aKilledDestinationFailsTheMigrationAndTheSourceLosesNothing() throws Exception {
        int port = Migrations.freePort();
        int port2 = Migrations.freePort();
        try (QmpdProcess src = QmpdProcess.startTcp("-m", "32M"); QmpClient s = src.client()) {
            Migrations.capabilities(s, "events");
            Migrations.fill(s, PAGES);
            JsonNode before = Migrations.digest(s);
            s.ok("migrate_set_speed", Map.of("value", 8 << 20));
            try (QmpdProcess dst = QmpdProcess.startTcp("-m", "32M", "-incoming", "tcp:127.0.0.1:" + port)) {
                dst.client().close();
                s.ok("migrate", Map.of("uri", "tcp:127.0.0.1:" + port));
                waitActive(s);
                dst.kill();
            }
            assertEquals(List.of("MIGRATION:setup", "MIGRATION:active", "MIGRATION:failed"),
                    Migrations.eventsUntil(s, "failed", n -> n.equals("MIGRATION") || n.equals("STOP")));
            assertEquals("{\"status\":\"failed\"}", s.ok("query-migrate").toString());
            assertEquals("running", Migrations.runState(s));
            assertEquals(before, Migrations.digest(s));

            try (QmpdProcess dst2 = QmpdProcess.startTcp("-m", "32M", "-S", "-incoming", "tcp:127.0.0.1:" + port2);
                 QmpClient d2 = dst2.client()) {
                s.ok("migrate_set_speed", Map.of("value", 0));
                s.ok("migrate", Map.of("uri", "tcp:127.0.0.1:" + port2));
                Migrations.waitForStatus(s, "completed");
                Migrations.waitForRunState(d2, "paused");
                Migrations.assertSameRam(s, d2);
            }
        }
    }

    @Test
    void aKilledSourceFailsTheDestinationCleanly() throws Exception {
        int port = Migrations.freePort();
        try (QmpdProcess dst = QmpdProcess.startTcp("-m", "32M", "-incoming", "tcp:127.0.0.1:" + port);
             QmpClient d = dst.client()) {
            Migrations.capabilities(d, "events");
            try (QmpdProcess src = QmpdProcess.startTcp("-m", "32M"); QmpClient s = src.client()) {
                Migrations.fill(s, PAGES);
                s.ok("migrate_set_speed", Map.of("value", 8 << 20));
                s.ok("migrate", Map.of("uri", "tcp:127.0.0.1:" + port));
                waitActive(s);
                src.kill();
            }
            assertEquals(List.of("MIGRATION:active", "MIGRATION:failed"),
                    Migrations.eventsUntil(d, "failed", n -> n.equals("MIGRATION")));
            waitForStderr(dst, "qmpd: load of migration failed: Input/output error");
            assertEquals(1, dst.waitFor(20), "the destination exits with EXIT_FAILURE, as 2.4's does");
        }
    }

    @Test
    void aRamSizeMismatchFailsBothSidesWithQemusWords() throws Exception {
        int port = Migrations.freePort();
        try (QmpdProcess src = QmpdProcess.startTcp("-m", "32M");
             QmpdProcess dst = QmpdProcess.startTcp("-m", "16M", "-incoming", "tcp:127.0.0.1:" + port);
             QmpClient s = src.client(); QmpClient d = dst.client()) {
            Migrations.capabilities(d, "events");
            s.ok("migrate", Map.of("uri", "tcp:127.0.0.1:" + port));
            Migrations.waitForStatus(s, "failed");
            assertEquals("running", Migrations.runState(s));
            assertEquals(List.of("MIGRATION:active", "MIGRATION:failed"),
                    Migrations.eventsUntil(d, "failed", n -> n.equals("MIGRATION")));
            waitForStderr(dst, "qmpd: Length mismatch: pc.ram: 0x2000000 in != 0x1000000: Invalid argument");
            waitForStderr(dst, "qmpd: load of migration failed: Invalid argument");
            assertEquals(1, dst.waitFor(20), "the destination exits with EXIT_FAILURE, as 2.4's does");
        }
    }
}
