package org.qmpd.launcher.it.machine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.nio.file.Path;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.Test;
import org.qmpd.launcher.it.QmpClient;
import org.qmpd.launcher.it.QmpdProcess;

/** query-balloon, balloon and BALLOON_CHANGE against the real distribution. */
class BalloonIT {
    static final long MIB = 1 << 20;

    static String desc(JsonNode error) {
        return error.get("class").asText() + ": " + error.get("desc").asText();
    }

    @Test
    void withoutBalloonDeviceBothCommandsAreDeviceNotActive() throws Exception {
        try (QmpdProcess qmpd = QmpdProcess.startTcp(); QmpClient c = qmpd.client()) {
            assertEquals("DeviceNotActive: No balloon device has been activated", desc(c.error("query-balloon", null)));
            assertEquals("DeviceNotActive: No balloon device has been activated", desc(c.error("balloon", Map.of("value", 1))));
            assertEquals("GenericError: Invalid parameter type for 'value', expected: int", desc(c.error("balloon", Map.of("value", "1"))));
        }
    }

    @Test
    void balloonInflatesTowardTheTargetReportingAtMostOncePerSecond() throws Exception {
        try (QmpdProcess qmpd = QmpdProcess.startTcp("-m", "64", "-device", "virtio-balloon,id=balloon0");
                QmpClient c = qmpd.client()) {
            assertEquals(64 * MIB, c.ok("query-balloon").get("actual").asLong());
            assertEquals("GenericError: Parameter 'target' expects a size", desc(c.error("balloon", Map.of("value", 0))));
            assertEquals("GenericError: Parameter 'target' expects a size", desc(c.error("balloon", Map.of("value", -5))));

            byte[] pattern = new byte[4096];
            java.util.Arrays.fill(pattern, (byte) 0xa5);
            String b64 = Base64.getEncoder().encodeToString(pattern);
            c.ok("x-guest-memory-write", Map.of("addr", 64 * MIB - 4096, "data", b64)); // in the balloon's way
            c.ok("x-guest-memory-write", Map.of("addr", 4096, "data", b64)); // stays with the guest

            c.ok("balloon", Map.of("value", 32 * MIB));
            List<JsonNode> changes = new ArrayList<>();
            List<Long> arrivals = new ArrayList<>();
            while (true) {
                JsonNode e = c.event("BALLOON_CHANGE", x -> true, Duration.ofSeconds(10));
                changes.add(e);
                arrivals.add(System.nanoTime());
                if (e.get("data").get("actual").asLong() == 32 * MIB) {
                    break;
                }
            }
            // 32 batches of 1 MiB: the first change goes out at once, the rest are held to one a
            // second, the last one delayed rather than dropped
            assertTrue(changes.size() >= 2 && changes.size() <= 3, changes.toString());
            assertTrue(changes.get(0).get("data").get("actual").asLong() < 64 * MIB);
            for (int i = 1; i < arrivals.size(); i++) {
                assertTrue(arrivals.get(i) - arrivals.get(i - 1) >= 900_000_000L, "BALLOON_CHANGE closer than 1 s: " + changes);
            }
            assertEquals(32 * MIB, c.ok("query-balloon").get("actual").asLong());

            Path dir = QmpdProcess.tempDir("balloon");
            Path dump = dir.resolve("after.elf");
            c.ok("dump-guest-memory", Map.of("paging", false, "protocol", "file:" + dump));
            byte[] ram = DumpIT.loadSegments(dump, 64 * MIB);
            for (int i = 0; i < 4096; i++) {
                assertEquals((byte) 0xa5, ram[4096 + i]);
                assertEquals(0, ram[(int) (64 * MIB) - 4096 + i], "ballooned page still holds guest data");
            }

            c.ok("balloon", Map.of("value", 1L << 40)); // more than RAM: the balloon empties
            c.event("BALLOON_CHANGE", x -> x.get("data").get("actual").asLong() == 64 * MIB, Duration.ofSeconds(10));
            assertEquals(64 * MIB, c.ok("query-balloon").get("actual").asLong());
        }
    }

}
