package org.qmpd.launcher.it.migration;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.qmpd.launcher.it.QmpClient;
import org.qmpd.launcher.it.QmpdProcess;

/**
 * The migration commands of one qmpd that migrates nowhere (or fails to): every 2.4 string of
 * the capabilities, parameters, cache size, {@code migrate} and {@code migrate-incoming}
 * checks, and what {@code query-migrate} says after each outcome.
 */
class MigrationCommandsIT {
    static QmpdProcess qmpd;
    static QmpClient c;

    @BeforeAll
    static void start() throws Exception {
        qmpd = QmpdProcess.startTcp("-m", "64M");
        c = qmpd.client();
    }

    @AfterAll
    static void stop() throws Exception {
        c.close();
        qmpd.close();
    }

    private static String error(String command, Object args) throws Exception {
        JsonNode e = c.error(command, args);
        assertEquals("GenericError", e.get("class").asText());
        return e.get("desc").asText();
    }

    @Test
    void queryMigrateIsEmptyBeforeAnyMigration() throws Exception {
        try (QmpdProcess fresh = QmpdProcess.startTcp(); QmpClient f = fresh.client()) {
            assertEquals("{}", f.ok("query-migrate").toString());
            assertEquals(67108864, f.ok("query-migrate-cache-size").asLong());
            assertEquals("{\"decompress-threads\":2,\"compress-threads\":8,\"compress-level\":1}",
                    f.ok("query-migrate-parameters").toString());
            StringBuilder caps = new StringBuilder();
            for (JsonNode cap : f.ok("query-migrate-capabilities")) {
                caps.append(cap.get("capability").asText()).append('=').append(cap.get("state").asBoolean()).append(' ');
            }
            assertEquals("xbzrle=false rdma-pin-all=false auto-converge=false zero-blocks=false compress=false events=false ",
                    caps.toString());
        }
    }

    @Test
    void capabilitiesAreCheckedAsTheQapiVisitorChecksThem() throws Exception {
        assertEquals("Parameter 'capabilities' is missing", error("migrate-set-capabilities", Map.of()));
        assertEquals("Invalid parameter type for 'capabilities', expected: list",
                error("migrate-set-capabilities", Map.of("capabilities", "xbzrle")));
        assertEquals("Invalid parameter 'nosuchcap'", error("migrate-set-capabilities",
                Map.of("capabilities", List.of(Map.of("capability", "nosuchcap", "state", true)))));
        assertEquals("Parameter 'state' is missing", error("migrate-set-capabilities",
                Map.of("capabilities", List.of(Map.of("capability", "xbzrle")))));
        assertEquals("Invalid parameter type for 'state', expected: boolean", error("migrate-set-capabilities",
                Map.of("capabilities", List.of(Map.of("capability", "xbzrle", "state", 1)))));
        assertEquals("QMP input object member 'extra' is unexpected", error("migrate-set-capabilities",
                Map.of("capabilities", List.of(Map.of("capability", "xbzrle", "state", true, "extra", 1)))));
        assertEquals("Capability 'rdma-pin-all' is not supported: qmpd has no RDMA transport", error("migrate-set-capabilities",
                Map.of("capabilities", List.of(Map.of("capability", "zero-blocks", "state", true),
                        Map.of("capability", "rdma-pin-all", "state", true)))));
        assertEquals(false, c.ok("query-migrate-capabilities").get(3).get("state").asBoolean(), "nothing applied");
        c.ok("migrate-set-capabilities", Map.of("capabilities", List.of(Map.of("capability", "zero-blocks", "state", true),
                Map.of("capability", "rdma-pin-all", "state", false))));
        assertEquals(true, c.ok("query-migrate-capabilities").get(3).get("state").asBoolean());
        c.ok("migrate-set-capabilities", Map.of("capabilities", List.of(Map.of("capability", "zero-blocks", "state", false))));
    }

    @Test
    void parametersKeep24sUngrammaticalRangesAndApplyNothingWhenOneIsBad() throws Exception {
        assertEquals("Parameter 'compress_level' expects is invalid, it should be in the range of 0 to 9",
                error("migrate-set-parameters", Map.of("compress-level", 10)));
        assertEquals("Parameter 'compress_threads' expects is invalid, it should be in the range of 1 to 255",
                error("migrate-set-parameters", Map.of("compress-level", 3, "compress-threads", 0)));
        assertEquals("Parameter 'decompress_threads' expects is invalid, it should be in the range of 1 to 255",
                error("migrate-set-parameters", Map.of("compress-level", 3, "decompress-threads", 256)));
        assertEquals("Invalid parameter type for 'compress-level', expected: int",
                error("migrate-set-parameters", Map.of("compress-level", "9")));
        assertEquals("Invalid parameter 'max-bandwidth'", error("migrate-set-parameters", Map.of("max-bandwidth", 1)));
        assertEquals(1, c.ok("query-migrate-parameters").get("compress-level").asInt(), "nothing applied");
        c.ok("migrate-set-parameters", Map.of("compress-level", 9, "compress-threads", 255, "decompress-threads", 3));
        assertEquals("{\"decompress-threads\":3,\"compress-threads\":255,\"compress-level\":9}",
                c.ok("query-migrate-parameters").toString());
        c.ok("migrate-set-parameters", Map.of("compress-level", 1, "compress-threads", 8, "decompress-threads", 2));
    }

    @Test
    void cacheSizeIsBoundedByRamAndAPageAndRoundedDownToAPowerOfTwo() throws Exception {
        assertEquals("Parameter 'cache size' expects exceeds guest ram size ",
                error("migrate-set-cache-size", Map.of("value", 64L * 1024 * 1024 + 1)));
        assertEquals("Parameter 'cache size' expects exceeds guest ram size ",
                error("migrate-set-cache-size", Map.of("value", -1)));
        assertEquals("Parameter 'cache size' expects is smaller than page size",
                error("migrate-set-cache-size", Map.of("value", 4095)));
        c.ok("migrate-set-cache-size", Map.of("value", 5_000_000));
        assertEquals(4194304, c.ok("query-migrate-cache-size").asLong());
        c.ok("migrate-set-cache-size", Map.of("value", 64L << 20));
    }

    @Test
    void migrateIncomingNeedsIncomingDefer() throws Exception {
        assertEquals("For use with '-incoming defer'", error("migrate-incoming", Map.of("uri", "tcp:127.0.0.1:4449")));
    }

    @Test
    void migrateRefusesBlockMigration() throws Exception {
        assertEquals("QEMU compiled without old-style (blk/-b, inc/-i) block migration",
                error("migrate", Map.of("uri", "tcp:127.0.0.1:1", "blk", true)));
        assertEquals("Invalid parameter type for 'detach', expected: bool",
                error("migrate", Map.of("uri", "tcp:127.0.0.1:1", "detach", "yes")));
    }

    @Test
    void badUrisFailTheMigrationWithEventsSetupThenFailed() throws Exception {
        Migrations.capabilities(c, "events");
        try {
            assertEquals("Parameter 'uri' expects a valid migration protocol", error("migrate", Map.of("uri", "bogus:foo")));
            assertEquals(List.of("setup", "failed"), Migrations.migrationEvents(c, "failed"));
            assertEquals("{\"status\":\"failed\"}", c.ok("query-migrate").toString());
            assertEquals("error parsing address '127.0.0.1'", error("migrate", Map.of("uri", "tcp:127.0.0.1")));
            assertEquals(List.of("setup", "failed"), Migrations.migrationEvents(c, "failed"));
            assertEquals("File descriptor named 'nosuchfd' has not been found", error("migrate", Map.of("uri", "fd:nosuchfd")));
            assertEquals(List.of("setup", "failed"), Migrations.migrationEvents(c, "failed"));
            // nobody listens: the command succeeds, the migration fails on its own thread
            c.ok("migrate", Map.of("uri", "tcp:127.0.0.1:" + Migrations.freePort()));
            assertEquals(List.of("setup", "failed"), Migrations.migrationEvents(c, "failed"));
            assertEquals("{\"status\":\"failed\"}", c.ok("query-migrate").toString());
            c.ok("migrate", Map.of("uri", "unix:/nonexistent/dir/sock"));
            assertEquals(List.of("setup", "failed"), Migrations.migrationEvents(c, "failed"));
            assertEquals("running", Migrations.runState(c), "the guest never stopped");
        } finally {
            c.ok("migrate-set-capabilities", Map.of("capabilities", List.of(Map.of("capability", "events", "state", false))));
        }
    }

    @Test
    void withoutTheEventsCapabilityThereAreNoMigrationEvents() throws Exception {
        assertEquals("Parameter 'uri' expects a valid migration protocol", error("migrate", Map.of("uri", "nope")));
        c.ok("query-status");
        assertEquals(0, c.pendingEvents().stream().filter(e -> e.get("event").asText().equals("MIGRATION")).count());
    }

    @Test
    void theGuestWorkloadChecksItsArguments() throws Exception {
        assertEquals("Invalid parameter 'go'", error("x-guest-workload", Map.of("action", "go")));
        assertEquals("Invalid parameter 'stripes'", error("x-guest-workload", Map.of("action", "start", "pattern", "stripes")));
        assertEquals("Parameter 'device' is missing", error("x-guest-workload", Map.of("action", "start", "disk-rate", 4096)));
        JsonNode e = c.error("x-guest-workload", Map.of("action", "start", "device", "nosuchdisk"));
        assertEquals("Device 'nosuchdisk' not found", e.get("desc").asText());
        c.ok("x-guest-workload", Map.of("action", "start", "rate", 1 << 20, "pattern", "zero"));
        assertEquals("{\"active\":true,\"pattern\":\"zero\",\"rate\":1048576",
                c.ok("x-query-guest-workload").toString().replaceAll(",\"(throttle|pages-written|disk-bytes-written)\":\\d+", "").replace("}", ""));
        c.ok("x-guest-workload", Map.of("action", "stop"));
        assertEquals(false, c.ok("x-query-guest-workload").get("active").asBoolean());
    }

    @Test
    void speedAndDowntimeTakeNumbers() throws Exception {
        c.ok("migrate_set_speed", Map.of("value", 1 << 20));
        c.ok("migrate_set_downtime", Map.of("value", 0.5));
        c.ok("migrate_set_downtime", Map.of("value", 1));
        assertEquals("Invalid parameter type for 'value', expected: number", error("migrate_set_downtime", Map.of("value", "1")));
        assertEquals("Invalid parameter type for 'value', expected: int", error("migrate_set_speed", Map.of("value", 1.5)));
        c.ok("migrate_set_speed", Map.of("value", 32 << 20));
        c.ok("migrate_set_downtime", Map.of("value", 0.3));
    }
}
