package org.qmpd.launcher.it.migration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.qmpd.launcher.it.QmpClient;
import org.qmpd.launcher.it.QmpdProcess;

/**
 * Two real qmpd processes over 127.0.0.1 (and a unix socket, and an exec pipe): the source's
 * RAM arrives whole while its guest workload keeps dirtying pages, whatever the capabilities;
 * events come in QEMU's order; run states end as QEMU's do; the workload's own section comes
 * along.
 */
class LiveMigrationIT {
    static final long PAGES = 32L * 1024 * 1024 / 4096;

    @ParameterizedTest(name = "capabilities [{0}]")
    @ValueSource(strings = {"none", "xbzrle", "compress", "xbzrle,compress,zero-blocks"})
    void ramArrivesWholeWhileTheWorkloadRuns(String caps) throws Exception {
        String[] on = caps.equals("none") ? new String[] {"events"} : (caps + ",events").split(",");
        int port = Migrations.freePort();
        try (QmpdProcess src = QmpdProcess.startTcp("-m", "32M");
             QmpdProcess dst = QmpdProcess.startTcp("-m", "32M", "-S", "-incoming", "tcp:127.0.0.1:" + port);
             QmpClient s = src.client(); QmpClient d = dst.client()) {
            for (QmpClient c : List.of(s, d)) {
                Migrations.capabilities(c, on);
                c.ok("migrate-set-parameters", Map.of("compress-threads", 2, "decompress-threads", 2));
            }
            s.ok("migrate_set_speed", Map.of("value", 0));
            Migrations.fill(s, PAGES);
            // small changes to pages: what XBZRLE is for, and compressible
            s.ok("x-guest-workload", Map.of("action", "start", "rate", 16L << 20, "pattern", "text"));
            s.ok("migrate", Map.of("uri", "tcp:127.0.0.1:" + port));
            assertEquals(List.of("MIGRATION:setup", "MIGRATION:active", "STOP", "MIGRATION:completed"),
                    Migrations.eventsUntil(s, "completed", n -> n.equals("MIGRATION") || n.equals("STOP")));
            assertEquals(List.of("MIGRATION:active", "MIGRATION:completed"),
                    Migrations.eventsUntil(d, "completed", n -> n.equals("MIGRATION")));
            JsonNode info = Migrations.waitForStatus(s, "completed");
            assertEquals(PAGES * 4096, info.get("ram").get("total").asLong());
            assertEquals(0, info.get("ram").get("remaining").asLong());
            assertTrue(info.get("ram").get("dirty-sync-count").asLong() >= 2);
            assertTrue(info.has("downtime") && info.has("total-time") && info.has("setup-time"));
            assertFalse(info.has("expected-downtime"));
            assertEquals(caps.contains("xbzrle"), info.has("xbzrle-cache"));
            assertEquals("postmigrate", Migrations.runState(s));
            Migrations.waitForRunState(d, "paused"); // the source ran, but the destination has -S
            Migrations.assertSameRam(s, d);
            JsonNode workload = d.ok("x-query-guest-workload");
            assertTrue(workload.get("active").asBoolean(), "the workload's section came along");
            assertEquals("text", workload.get("pattern").asText());
            assertEquals(0, workload.get("pages-written").asLong(), "a paused guest writes nothing");
            d.ok("cont");
            assertEquals("running", Migrations.runState(d));
        }
    }

    @Test
    void theDestinationRunsWhenTheSourceRanAndAPausedSourceStaysPaused() throws Exception {
        int port1 = Migrations.freePort();
        int port2 = Migrations.freePort();
        try (QmpdProcess a = QmpdProcess.startTcp("-m", "32M");
             QmpdProcess b = QmpdProcess.startTcp("-m", "32M", "-incoming", "tcp:127.0.0.1:" + port1);
             QmpClient s = a.client(); QmpClient d = b.client()) {
            s.ok("migrate_set_speed", Map.of("value", 0));
            Migrations.fill(s, PAGES / 2);
            s.ok("migrate", Map.of("uri", "tcp:127.0.0.1:" + port1));
            d.event("RESUME");
            assertEquals("running", Migrations.runState(d));
            Migrations.waitForStatus(s, "completed");
            assertEquals("postmigrate", Migrations.runState(s));
            Migrations.assertSameRam(s, d);

            // b, now running, goes on to c while paused: c takes b's state, not running
            try (QmpdProcess c3 = QmpdProcess.startTcp("-m", "32M", "-incoming", "tcp:127.0.0.1:" + port2);
                 QmpClient c = c3.client()) {
                d.ok("stop");
                d.ok("migrate_set_speed", Map.of("value", 0));
                d.ok("migrate", Map.of("uri", "tcp:127.0.0.1:" + port2));
                Migrations.waitForStatus(d, "completed");
                Migrations.waitForRunState(c, "paused");
                assertEquals("postmigrate", Migrations.runState(d));
                Migrations.assertSameRam(d, c);
            }
        }
    }

    @Test
    void unixSocketsCarryTheStreamToo() throws Exception {
        Path sock = QmpdProcess.tempDir("mig-unix").resolve("mig.sock");
        try (QmpdProcess src = QmpdProcess.startTcp("-m", "32M");
             QmpdProcess dst = QmpdProcess.startTcp("-m", "32M", "-S", "-incoming", "unix:" + sock);
             QmpClient s = src.client(); QmpClient d = dst.client()) {
            s.ok("migrate_set_speed", Map.of("value", 0));
            Migrations.fill(s, PAGES / 4);
            s.ok("migrate", Map.of("uri", "unix:" + sock));
            Migrations.waitForStatus(s, "completed");
            Migrations.waitForRunState(d, "paused");
            Migrations.assertSameRam(s, d);
        }
    }

    @Test
    void execCommandsCarryTheStreamThroughAFile() throws Exception {
        Path file = QmpdProcess.tempDir("mig-exec").resolve("state.bin");
        try (QmpdProcess src = QmpdProcess.startTcp("-m", "32M"); QmpClient s = src.client()) {
            s.ok("migrate_set_speed", Map.of("value", 0));
            Migrations.fill(s, PAGES / 4);
            s.ok("stop");
            s.ok("migrate", Map.of("uri", "exec:cat > " + file));
            Migrations.waitForStatus(s, "completed");
            try (QmpdProcess dst = QmpdProcess.startTcp("-m", "32M", "-incoming", "exec:cat " + file);
                 QmpClient d = dst.client()) {
                Migrations.waitForRunState(d, "paused");
                Migrations.assertSameRam(s, d);
            }
        }
    }

    @Test
    void autoConvergeThrottlesAWorkloadThatOutrunsTheBandwidth() throws Exception {
        int port = Migrations.freePort();
        try (QmpdProcess src = QmpdProcess.startTcp("-m", "16M");
             QmpdProcess dst = QmpdProcess.startTcp("-m", "16M", "-incoming", "tcp:127.0.0.1:" + port);
             QmpClient s = src.client(); QmpClient d = dst.client()) {
            Migrations.capabilities(s, "auto-converge");
            s.ok("migrate_set_speed", Map.of("value", 8 << 20));
            s.ok("x-guest-workload", Map.of("action", "start", "rate", 32L << 20, "pattern", "random"));
            s.ok("migrate", Map.of("uri", "tcp:127.0.0.1:" + port));
            long deadline = System.nanoTime() + Migrations.TIMEOUT.toNanos();
            while (s.ok("x-query-guest-workload").get("throttle").asInt() == 0) {
                assertTrue(System.nanoTime() < deadline, "never throttled");
                Thread.sleep(50);
            }
            assertEquals("active", s.ok("query-migrate").get("status").asText());
            s.ok("migrate_cancel");
            Migrations.waitForStatus(s, "cancelled");
            assertEquals(0, s.ok("x-query-guest-workload").get("throttle").asInt(), "the throttle ends with the migration");
            assertEquals("running", Migrations.runState(s));
        }
    }
}
