package org.qmpd.launcher.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Sessions and events: run state changes with STOP and RESUME in QEMU's order, events only to
 * negotiated clients, many clients at once on TCP and unix monitors, and HMP.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SessionsIT {
    static QmpdProcess qmpd;
    static Path dir;

    @BeforeAll
    static void start() throws Exception {
        dir = QmpdProcess.tempDir("qmpd-sessions");
        qmpd = QmpdProcess.start("-S", "-qmp", "tcp:127.0.0.1:0,server=on,wait=off",
                "-qmp", "unix:" + dir.resolve("qmp.sock") + ",server,nowait");
    }

    @AfterAll
    static void stop() throws Exception {
        assertEquals(0, qmpd.terminate());
        assertFalse(Files.exists(dir.resolve("qmp.sock")), "the unix socket file is removed on exit");
    }

    @Test
    @Order(1)
    void runStateChangesEmitStopAndResumeBeforeTheReturn() throws Exception {
        try (QmpClient c = qmpd.client(); QmpClient watcher = qmpd.client(); QmpClient unnegotiated = QmpClient.connect(qmpd.address(1))) {
            assertEquals("prelaunch", c.ok("query-status").get("status").asText());
            c.sendRaw("{\"execute\": \"cont\"}");
            JsonNode first = c.readMessage();
            assertEquals("RESUME", first.get("event").asText(), "the event comes before the return");
            assertTrue(first.get("timestamp").get("seconds").asLong() > 1_700_000_000L);
            assertTrue(first.get("timestamp").has("microseconds"));
            assertFalse(first.has("data"));
            assertTrue(c.readMessage().has("return"));
            assertEquals("RESUME", watcher.event("RESUME").get("event").asText());
            assertEquals("running", c.ok("query-status").get("status").asText());
            c.ok("stop");
            assertEquals("STOP", c.event("STOP").get("event").asText());
            JsonNode paused = c.ok("query-status");
            assertEquals("{\"status\":\"paused\",\"singlestep\":false,\"running\":false}", paused.toString());
            c.ok("stop"); // already paused: nothing happens, no event
            c.ok("cont");
            c.event("RESUME");
            assertTrue(c.pendingEvents().isEmpty(), "no STOP for the second stop: " + c.pendingEvents());
            // a client still negotiating hears nothing
            unnegotiated.sendRaw("{\"execute\": \"qmp_capabilities\"}");
            assertEquals("{\"return\": {}}", unnegotiated.readLine());
        }
    }

    @Test
    void hmpRunsInfoStatusVersionStopContAndHelp() throws Exception {
        try (QmpClient c = qmpd.client()) {
            String version = c.ok("human-monitor-command", java.util.Map.of("command-line", "info version")).asText();
            assertEquals("2.4.0 (qmpd 0.1.0)\r\n", version);
            c.ok("human-monitor-command", java.util.Map.of("command-line", "stop"));
            assertEquals("VM status: paused\r\n", c.ok("human-monitor-command", java.util.Map.of("command-line", "info status")).asText());
            c.ok("human-monitor-command", java.util.Map.of("command-line", "cont"));
            assertEquals("VM status: running\r\n", c.ok("human-monitor-command", java.util.Map.of("command-line", "info status")).asText());
            assertEquals("unknown command: 'frobnicate'\r\n", c.ok("human-monitor-command", java.util.Map.of("command-line", "frobnicate")).asText());
            assertEquals("unknown command: 'info frob'\r\n", c.ok("human-monitor-command", java.util.Map.of("command-line", "info frob")).asText());
            String help = c.ok("human-monitor-command", java.util.Map.of("command-line", "help")).asText();
            assertTrue(help.contains("info status -- show the current VM status (running|paused)\r\n"), help);
            assertEquals("Parameter 'cpu-index' expects a CPU number",
                    c.error("human-monitor-command", java.util.Map.of("command-line", "info status", "cpu-index", 9)).get("desc").asText());
        }
    }

    @Test
    void aHundredClientsAreServedAtOnceOnBothMonitors() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(50);
        try {
            List<Future<String>> results = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                String address = qmpd.address(i % 2);
                int n = i;
                results.add(pool.submit(() -> {
                    try (QmpClient c = QmpClient.negotiated(address)) {
                        for (int k = 0; k < 20; k++) {
                            c.sendRaw("{\"execute\": \"query-version\", \"id\": " + (n * 100 + k) + "}");
                            JsonNode r = c.response();
                            if (r.get("id").asInt() != n * 100 + k) {
                                return "client " + n + " got " + r;
                            }
                        }
                        return "ok";
                    }
                }));
            }
            for (Future<String> f : results) {
                assertEquals("ok", f.get());
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void oneClientsBadInputNeverDisturbsAnother() throws Exception {
        try (QmpClient good = qmpd.client(); QmpClient bad = qmpd.client()) {
            bad.sendRaw("{\"execute\": ");
            bad.sendRaw("]]]}}}");
            good.sendRaw("{\"execute\": \"query-version\", \"id\": \"good\"}");
            assertEquals("good", good.response().get("id").asText());
            bad.close();
            good.sendRaw("{\"execute\": \"query-version\", \"id\": \"still\"}");
            assertEquals("still", good.response().get("id").asText());
        }
    }

    @Test
    void aClientThatLeavesMidCommandDoesNotHurtTheServer() throws Exception {
        QmpClient gone = qmpd.client();
        gone.sendRaw("{\"execute\": \"query-comm");
        gone.close();
        try (QmpClient c = qmpd.client()) {
            assertTrue(c.ok("query-commands").size() >= 10);
        }
    }

    @Test
    void eventsReachEveryNegotiatedClientInOneOrder() throws Exception {
        try (QmpClient setup = qmpd.client()) {
            setup.ok("cont"); // whatever an earlier test left, start from running
        }
        try (QmpClient a = qmpd.client(); QmpClient b = qmpd.client()) {
            for (int i = 0; i < 5; i++) {
                a.ok("stop");
                a.ok("cont");
            }
            List<String> seenA = new ArrayList<>();
            List<String> seenB = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                seenA.add(a.event(i % 2 == 0 ? "STOP" : "RESUME", e -> true, Duration.ofSeconds(10)).get("event").asText());
                seenB.add(b.event(i % 2 == 0 ? "STOP" : "RESUME", e -> true, Duration.ofSeconds(10)).get("event").asText());
            }
            assertEquals(seenA, seenB);
        }
    }
}
