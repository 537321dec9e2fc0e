package org.qmpd.launcher.it.blockjobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.qmpd.launcher.it.blockjobs.JobTools.args;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.qmpd.launcher.it.HostTools;
import org.qmpd.launcher.it.QmpClient;
import org.qmpd.launcher.it.QmpdProcess;

/**
 * Job control end to end: {@code query-block-jobs}, {@code block-job-set-speed},
 * {@code -pause}, {@code -resume}, {@code -cancel} (with {@code force}) and {@code -complete}
 * with 2.4's errors; {@code on-source-error=stop}; a speed limit honoured within 10% over a
 * job of a few seconds; {@code stop} leaves jobs running; {@code quit} in the middle of
 * jobs leaves every image consistent.
 */
class JobControlIT {
    static Path dir;
    static QmpdProcess qmpd;

    @BeforeAll
    static void start() throws Exception {
        assumeTrue(HostTools.present("qemu-img") && HostTools.present("qemu-io"), "qemu-img and qemu-io are needed");
        dir = QmpdProcess.tempDir("job-control");
        JobTools.random(dir.resolve("a.qcow2"), 16, 11);
        JobTools.random(dir.resolve("speed.qcow2"), 12, 12);
        JobTools.random(dir.resolve("flaky.qcow2"), 4, 13);
        JobTools.random(dir.resolve("gone.qcow2"), 4, 14);
        Path conf = dir.resolve("flaky.conf");
        Files.writeString(conf, "[inject-error]\nevent = \"read_aio\"\nerrno = \"5\"\nonce = \"on\"\n");
        qmpd = QmpdProcess.startTcp(
                "-drive", "file=" + dir.resolve("a.qcow2") + ",if=none,id=a,format=qcow2",
                "-device", "virtio-blk-pci,drive=a,id=dev-a",
                "-drive", "file=" + dir.resolve("speed.qcow2") + ",if=none,id=speed,format=qcow2",
                "-drive", "file=blkdebug:" + conf + ":" + dir.resolve("flaky.qcow2") + ",if=none,id=flaky,format=qcow2",
                "-device", "virtio-blk-pci,drive=flaky,id=dev-flaky",
                "-drive", "file=" + dir.resolve("gone.qcow2") + ",if=none,id=gone,format=qcow2",
                "-device", "virtio-blk-pci,drive=gone,id=dev-gone");
        try (QmpClient c = qmpd.client()) {
            HostTools.awaitBlock(c, 4, 3);
        }
    }

    @AfterAll
    static void stop() throws Exception {
        if (qmpd != null) {
            assertEquals(0, qmpd.terminate());
            JobTools.assertClean(dir.resolve("a.qcow2"));
        }
    }

    @Test
    void controlCommandsWithoutAJobAreDeviceNotActive() throws Exception {
        try (QmpClient c = qmpd.client()) {
            assertEquals(0, c.ok("query-block-jobs").size());
            for (String device : List.of("a", "nosuch")) {
                for (String cmd : List.of("block-job-cancel", "block-job-pause", "block-job-resume", "block-job-complete")) {
                    JsonNode e = c.error(cmd, args("device", device));
                    assertEquals("DeviceNotActive", e.get("class").asText(), cmd);
                    assertEquals("No active block job on device '" + device + "'", e.get("desc").asText());
                }
                JsonNode e = c.error("block-job-set-speed", args("device", device, "speed", 1));
                assertEquals("No active block job on device '" + device + "'", e.get("desc").asText());
            }
            assertEquals("Parameter 'speed' is missing", JobTools.error(c, "block-job-set-speed", args("device", "a")));
            assertEquals("Invalid parameter type for 'force', expected: bool",
                    JobTools.error(c, "block-job-cancel", args("device", "a", "force", "yes")));
        }
    }

    static JsonNode job(QmpClient c) throws Exception {
        JsonNode jobs = c.ok("query-block-jobs");
        assertEquals(1, jobs.size(), jobs.toString());
        return jobs.get(0);
    }

    @Test
    void pauseResumeSetSpeedAndCancelAsTwoFourDoes() throws Exception {
        Path target = dir.resolve("a-backup.qcow2");
        try (QmpClient c = qmpd.client()) {
            c.ok("drive-backup", args("device", "a", "sync", "full", "target", target.toString(), "speed", 256 << 10));
            JsonNode j = job(c);
            assertEquals(List.of("busy", "device", "io-status", "len", "offset", "paused", "ready", "speed", "type"),
                    sorted(j), j.toString());
            assertEquals("backup", j.get("type").asText());
            assertEquals("a", j.get("device").asText());
            assertEquals(16 << 20, j.get("len").asLong());
            assertEquals(256 << 10, j.get("speed").asLong());
            assertEquals("ok", j.get("io-status").asText());
            assertFalse(j.get("paused").asBoolean());
            assertFalse(j.get("ready").asBoolean());

            assertEquals("Invalid parameter 'speed'", JobTools.error(c, "block-job-set-speed", args("device", "a", "speed", -1)));
            c.ok("block-job-set-speed", args("device", "a", "speed", 128 << 10));
            assertEquals(128 << 10, job(c).get("speed").asLong());
            assertEquals("The active block job for device 'a' cannot be completed",
                    JobTools.error(c, "block-job-complete", args("device", "a")));
            assertEquals("Device 'a' is in use", JobTools.error(c, "block_resize", args("device", "a", "size", 32 << 20)),
                    "2.4 blocks resizing a device a job uses");

            c.ok("block-job-pause", args("device", "a"));
            c.ok("block-job-pause", args("device", "a"));
            assertTrue(job(c).get("paused").asBoolean());
            long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            while (job(c).get("busy").asBoolean() && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            long offset = job(c).get("offset").asLong();
            assertFalse(job(c).get("busy").asBoolean(), "a paused job rests");
            Thread.sleep(600);
            assertEquals(offset, job(c).get("offset").asLong(), "a paused job copies nothing");
            assertEquals("The block job for device 'a' is currently paused",
                    JobTools.error(c, "block-job-cancel", args("device", "a")));
            assertEquals("The active block job for device 'a' cannot be completed",
                    JobTools.error(c, "block-job-complete", args("device", "a")));

            c.ok("block-job-resume", args("device", "a"));
            c.ok("block-job-resume", args("device", "a"));
            assertFalse(job(c).get("paused").asBoolean());
            c.ok("block-job-set-speed", args("device", "a", "speed", 0));
            JsonNode done = JobTools.event(c, "BLOCK_JOB_COMPLETED", "a").get("data");
            assertEquals(0, done.get("speed").asLong());
            assertEquals(16 << 20, done.get("offset").asLong());

            Path second = dir.resolve("a-backup2.qcow2");
            c.ok("drive-backup", args("device", "a", "sync", "full", "target", second.toString(), "speed", 64 << 10));
            c.ok("block-job-pause", args("device", "a"));
            c.ok("block-job-cancel", args("device", "a", "force", true));
            JsonNode cancelled = JobTools.event(c, "BLOCK_JOB_CANCELLED", "a").get("data");
            assertTrue(cancelled.get("offset").asLong() < 16 << 20);
            assertEquals(0, c.ok("query-block-jobs").size());
        }
        JobTools.assertIdentical(dir.resolve("a.qcow2"), target);
    }

    static List<String> sorted(JsonNode n) {
        List<String> names = new ArrayList<>();
        n.fieldNames().forEachRemaining(names::add);
        names.sort(null);
        return names;
    }

    @Test
    void onSourceErrorStopPausesTheJobUntilResumed() throws Exception {
        Path target = dir.resolve("flaky-backup.qcow2");
        try (QmpClient c = qmpd.client()) {
            c.ok("drive-backup", args("device", "flaky", "sync", "full", "target", target.toString(), "on-source-error", "stop"));
            JsonNode err = JobTools.event(c, "BLOCK_JOB_ERROR", "flaky").get("data");
            assertEquals(Map.of("device", "flaky", "operation", "read", "action", "stop").toString(),
                    Map.of("device", err.get("device").asText(), "operation", err.get("operation").asText(),
                            "action", err.get("action").asText()).toString());
            JsonNode j = job(c);
            assertTrue(j.get("paused").asBoolean());
            assertEquals("failed", j.get("io-status").asText());
            c.ok("block-job-resume", args("device", "flaky"));
            JsonNode done = JobTools.event(c, "BLOCK_JOB_COMPLETED", "flaky").get("data");
            assertFalse(done.has("error"), done.toString());
        }
        JobTools.assertIdentical(dir.resolve("flaky.qcow2"), target);
    }

    @Test
    void aSpeedLimitIsHonouredWithinTenPercent() throws Exception {
        try (QmpClient c = qmpd.client()) {
            long speed = 4 << 20;
            c.ok("drive-backup", args("device", "speed", "sync", "full", "target", dir.resolve("speed-backup.qcow2").toString(),
                    "speed", speed));
            long t0 = System.nanoTime();
            JsonNode done = JobTools.event(c, "BLOCK_JOB_COMPLETED", "speed").get("data");
            double seconds = (System.nanoTime() - t0) / 1e9;
            double expected = (12 << 20) / (double) speed;
            assertEquals(12 << 20, done.get("offset").asLong());
            assertTrue(Math.abs(seconds - expected) <= expected * 0.1,
                    "12 MiB at 4 MiB/s took " + seconds + " s, not " + expected + " s within 10%");
        }
    }

    @Test
    void stopLeavesJobsRunning() throws Exception {
        try (QmpClient c = qmpd.client()) {
            c.ok("drive-backup", args("device", "a", "sync", "full", "target", dir.resolve("a-stop.qcow2").toString(),
                    "speed", 2 << 20));
            c.ok("stop");
            assertEquals("paused", c.ok("query-status").get("status").asText());
            long before = job(c).get("offset").asLong();
            Thread.sleep(700);
            JsonNode j = job(c);
            assertTrue(j.get("offset").asLong() > before, "the job went on while the guest was stopped: " + j);
            assertFalse(j.get("paused").asBoolean());
            c.ok("cont");
            c.ok("block-job-cancel", args("device", "a"));
            JobTools.event(c, "BLOCK_JOB_CANCELLED", "a");
        }
    }

    @Test
    void unpluggingTheDeviceOfADriveCancelsItsJobFirst() throws Exception {
        Path target = dir.resolve("gone-backup.qcow2");
        try (QmpClient c = qmpd.client()) {
            c.ok("drive-backup", args("device", "gone", "sync", "full", "target", target.toString(), "speed", 1 << 20));
            c.ok("device_del", args("id", "dev-gone"));
            JsonNode cancelled = JobTools.event(c, "BLOCK_JOB_CANCELLED", "gone").get("data");
            assertEquals("backup", cancelled.get("type").asText());
            assertEquals(0, c.ok("query-block-jobs").size());
            for (JsonNode b : c.ok("query-block")) {
                assertFalse(b.get("device").asText().equals("gone"), "the drive went with its device");
            }
        }
        JobTools.assertClean(target);
        JobTools.assertClean(dir.resolve("gone.qcow2"));
    }

    @Test
    void quitInTheMiddleOfJobsLeavesEveryImageConsistent() throws Exception {
        Path q = Files.createDirectories(dir.resolve("quit"));
        JobTools.random(q.resolve("b.qcow2"), 16, 21);
        JobTools.random(q.resolve("base.qcow2"), 8, 22);
        JobTools.overlay(q.resolve("mid.qcow2"), q.resolve("base.qcow2"));
        HostTools.qemuIo("qcow2", q.resolve("mid.qcow2").toString(), "write -P 0x31 0 4M");
        JobTools.overlay(q.resolve("top.qcow2"), q.resolve("mid.qcow2"));
        HostTools.qemuIo("qcow2", q.resolve("top.qcow2").toString(), "write -P 0x32 2M 4M");
        JobTools.random(q.resolve("cbase.qcow2"), 8, 23);
        JobTools.overlay(q.resolve("ctop.qcow2"), q.resolve("cbase.qcow2"));
        HostTools.qemuIo("qcow2", q.resolve("ctop.qcow2").toString(), "write -P 0x33 1M 3M");
        try (QmpdProcess p = QmpdProcess.startTcp(
                "-drive", "file=" + q.resolve("b.qcow2") + ",if=none,id=b,format=qcow2",
                "-drive", "file=" + q.resolve("top.qcow2") + ",if=none,id=s,format=qcow2",
                "-drive", "file=" + q.resolve("ctop.qcow2") + ",if=none,id=c,format=qcow2");
                QmpClient c = p.client()) {
            HostTools.awaitBlock(c, 3, 0);
            c.ok("drive-backup", args("device", "b", "sync", "full", "target", q.resolve("b-backup.qcow2").toString(),
                    "speed", 2 << 20));
            c.ok("block-stream", args("device", "s", "speed", 1 << 20));
            c.ok("block-commit", args("device", "c"));
            JobTools.event(c, "BLOCK_JOB_READY", "c");
            JobTools.writes(c, "c", new String[] {"0x34", "6M", "1M"});
            JobTools.writes(c, "b", new String[] {"0x35", "3M", "1M"});
            assertEquals(3, c.ok("query-block-jobs").size());
            c.ok("quit");
            assertEquals(0, p.waitFor(30));
        }
        for (String img : List.of("b", "b-backup", "top", "mid", "base", "ctop", "cbase")) {
            JobTools.assertClean(q.resolve(img + ".qcow2"));
        }
    }
}
