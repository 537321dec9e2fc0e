package org.qmpd.launcher.it.migration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.RandomAccessFile;
import java.nio.file.Path;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.Test;
import org.qmpd.launcher.it.QmpClient;
import org.qmpd.launcher.it.QmpdProcess;

/**
 * The state of the other subsystems travels with the RAM: with the disk image shared by both
 * sides, the guest workload writes the disk through the block layer while migrating, and the
 * destination's block queries (dirty bitmaps and their counts) answer as the source's did.
 */
class SubsystemStateIT {
    @Test
    void blockStateAndGuestDiskWritesComeAlong() throws Exception {
        Path dir = QmpdProcess.tempDir("mig-block");
        Path image = dir.resolve("shared.raw");
        try (RandomAccessFile f = new RandomAccessFile(image.toFile(), "rw")) {
            f.setLength(16 << 20);
        }
        String drive = "file=" + image + ",format=raw,if=none,id=drive0";
        int port = Migrations.freePort();
        try (QmpdProcess src = QmpdProcess.startTcp("-m", "32M", "-drive", drive);
             QmpdProcess dst = QmpdProcess.startTcp("-m", "32M", "-S", "-drive", drive, "-incoming", "tcp:127.0.0.1:" + port);
             QmpClient s = src.client(); QmpClient d = dst.client()) {
            s.ok("block-dirty-bitmap-add", Map.of("node", "drive0", "name", "bm0", "granularity", 65536));
            s.ok("x-guest-workload", Map.of("action", "start", "rate", 4 << 20, "pattern", "text",
                    "device", "drive0", "disk-rate", 2 << 20));
            long deadline = System.nanoTime() + Migrations.TIMEOUT.toNanos();
            while (s.ok("x-query-guest-workload").get("disk-bytes-written").asLong() < (256 << 10)) {
                assertTrue(System.nanoTime() < deadline, "no guest disk writes");
                Thread.sleep(20);
            }
            s.ok("migrate_set_speed", Map.of("value", 0));
            s.ok("migrate", Map.of("uri", "tcp:127.0.0.1:" + port));
            Migrations.waitForStatus(s, "completed");
            Migrations.waitForRunState(d, "paused");
            Migrations.assertSameRam(s, d);
            JsonNode before = s.ok("query-block").get(0).get("dirty-bitmaps");
            assertTrue(before.get(0).get("count").asLong() > 0, "the guest's disk writes set the bitmap: " + before);
            assertEquals(before, d.ok("query-block").get(0).get("dirty-bitmaps"));
            JsonNode workload = d.ok("x-query-guest-workload");
            assertEquals("drive0", workload.get("device").asText());
            assertEquals(2 << 20, workload.get("disk-rate").asLong());
        }
    }
}
