package org.qmpd.launcher.it.migration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import com.fasterxml.jackson.databind.JsonNode;

import org.qmpd.launcher.it.QmpClient;

/** What the migration end-to-end tests share: ports, capabilities, waiting for states, RAM digests. */
final class Migrations {
    static final Duration TIMEOUT = Duration.ofSeconds(90);

    private Migrations() {
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    static void capabilities(QmpClient c, String... on) throws IOException {
        List<Map<String, Object>> caps = new ArrayList<>();
        for (String name : on) {
            caps.add(Map.of("capability", name, "state", true));
        }
        c.ok("migrate-set-capabilities", Map.of("capabilities", caps));
    }

    /** Polls query-migrate until its status is one of {@code statuses}; returns the last answer. */
    static JsonNode waitForStatus(QmpClient c, String... statuses) throws Exception {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (true) {
            JsonNode info = c.ok("query-migrate");
            String status = info.path("status").asText("none");
            for (String s : statuses) {
                if (s.equals(status)) {
                    return info;
                }
            }
            assertTrue(System.nanoTime() < deadline, "migration stuck in " + info);
            Thread.sleep(20);
        }
    }

    static String runState(QmpClient c) throws IOException {
        return c.ok("query-status").get("status").asText();
    }

    /** Waits until the run state is {@code state}. */
    static void waitForRunState(QmpClient c, String state) throws Exception {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (!runState(c).equals(state)) {
            assertTrue(System.nanoTime() < deadline, "run state never became " + state + ": " + runState(c));
            Thread.sleep(20);
        }
    }

    /** The MIGRATION statuses received so far (kept events), in order, consuming them. */
    static List<String> migrationEvents(QmpClient c, String until) throws Exception {
        List<String> seen = new ArrayList<>();
        while (true) {
            JsonNode e = c.event("MIGRATION", x -> true, TIMEOUT);
            String s = e.get("data").get("status").asText();
            seen.add(s);
            if (s.equals(until)) {
                return seen;
            }
        }
    }

    /** The events named in {@code names}, in arrival order, until MIGRATION {@code until}. */
    static List<String> eventsUntil(QmpClient c, String until, Predicate<String> keep) throws Exception {
        List<String> seen = new ArrayList<>();
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode e = c.pendingEvents().isEmpty() ? c.readMessage() : c.pendingEvents().poll();
            if (!e.has("event")) {
                throw new AssertionError("unexpected " + e);
            }
            String name = e.get("event").asText();
            String label = name.equals("MIGRATION") ? "MIGRATION:" + e.get("data").get("status").asText() : name;
            if (keep.test(name)) {
                seen.add(label);
            }
            if (label.equals("MIGRATION:" + until)) {
                return seen;
            }
        }
        throw new AssertionError("no MIGRATION " + until + " after " + seen);
    }

    static JsonNode digest(QmpClient c) throws IOException {
        return c.ok("x-query-ram-digest");
    }

    static void assertSameRam(QmpClient src, QmpClient dst) throws IOException {
        JsonNode a = digest(src);
        JsonNode b = digest(dst);
        assertEquals(a, b, "the destination's RAM is the source's");
    }

    /** Fills the source's RAM: every page gets random bytes, in address order. */
    static void fill(QmpClient c, long pages) throws Exception {
        c.ok("x-guest-workload", Map.of("action", "start", "rate", 1L << 30, "pattern", "sequential"));
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (c.ok("x-query-guest-workload").get("pages-written").asLong() < pages) {
            assertTrue(System.nanoTime() < deadline, "the workload did not fill RAM");
            Thread.sleep(20);
        }
        c.ok("x-guest-workload", Map.of("action", "stop"));
    }
}
