package org.qmpd.launcher.it.migration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.qmpd.launcher.it.QmpClient;
import org.qmpd.launcher.it.QmpdProcess;

/** The destination side before any stream arrives: {@code -incoming} and {@code migrate-incoming}. */
class IncomingIT {
    @Test
    void deferredIncomingWaitsInInmigrateAndStartsOnce() throws Exception {
        int port = Migrations.freePort();
        try (QmpdProcess dst = QmpdProcess.startTcp("-incoming", "defer"); QmpClient d = dst.client()) {
            assertEquals("inmigrate", Migrations.runState(d));
            assertEquals("{}", d.ok("query-migrate").toString());
            Migrations.capabilities(d, "events");
            assertEquals("unknown migration protocol: foo:bar",
                    d.error("migrate-incoming", Map.of("uri", "foo:bar")).get("desc").asText());
            assertEquals(List.of("setup"), List.of(d.event("MIGRATION").get("data").get("status").asText()));
            assertEquals("Incoming migration already deferred",
                    d.error("migrate-incoming", Map.of("uri", "defer")).get("desc").asText());
            assertEquals("Guest is waiting for an incoming migration",
                    d.error("migrate", Map.of("uri", "tcp:127.0.0.1:" + port)).get("desc").asText());
            d.ok("migrate-incoming", Map.of("uri", "tcp:127.0.0.1:" + port));
            assertEquals("setup", d.event("MIGRATION").get("data").get("status").asText());
            assertEquals("The incoming migration has already been started",
                    d.error("migrate-incoming", Map.of("uri", "tcp:127.0.0.1:" + Migrations.freePort())).get("desc").asText());
            // cont during inmigrate only asks for the start: the guest still waits
            d.ok("cont");
            assertEquals("inmigrate", Migrations.runState(d));
        }
    }

    @Test
    void aBadIncomingUriStopsStartUp() throws Exception {
        try (QmpdProcess dst = QmpdProcess.startTcp("-incoming", "foo:bar")) {
            assertEquals(1, dst.waitFor(60));
            assertTrue(String.join("\n", dst.stderr()).contains("qmpd: -incoming foo:bar: unknown migration protocol: foo:bar"),
                    dst.stderr().toString());
        }
    }

    @Test
    void aPortInUseStopsStartUp() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
             QmpdProcess dst = QmpdProcess.startTcp("-incoming", "tcp:127.0.0.1:" + taken.getLocalPort())) {
            assertEquals(1, dst.waitFor(60));
            assertTrue(String.join("\n", dst.stderr()).contains("Failed to bind socket: Address already in use"),
                    dst.stderr().toString());
        }
    }
}
