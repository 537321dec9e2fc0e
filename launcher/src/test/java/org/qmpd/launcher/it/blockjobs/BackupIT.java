package org.qmpd.launcher.it.blockjobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.qmpd.launcher.it.blockjobs.JobTools.args;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.qmpd.launcher.it.HostTools;
import org.qmpd.launcher.it.QmpClient;
import org.qmpd.launcher.it.QmpdProcess;

/**
 * {@code drive-backup} end to end: point in time under writes from an NBD client and from HMP
 * {@code qemu-io} (the target equals a copy taken at the start, and the job's own I/O is not
 * in the device's statistics), {@code sync=top} and {@code sync=none} with the targets qmpd
 * creates, raw to raw, and every 2.4 error, each before any file is made.
 */
class BackupIT {
    static Path dir;
    static Path sock;
    static QmpdProcess qmpd;

    @BeforeAll
    static void start() throws Exception {
        assumeTrue(HostTools.present("qemu-img") && HostTools.present("qemu-io"), "qemu-img and qemu-io are needed");
        dir = QmpdProcess.tempDir("backup");
        sock = dir.resolve("nbd.sock");
        JobTools.random(dir.resolve("pit.qcow2"), 16, 1);
        JobTools.random(dir.resolve("base.qcow2"), 8, 2);
        JobTools.overlay(dir.resolve("top.qcow2"), dir.resolve("base.qcow2"));
        HostTools.qemuIo("qcow2", dir.resolve("top.qcow2").toString(), "write -P 0x71 1M 192k", "write -P 0x72 5M 4k");
        JobTools.random(dir.resolve("none.qcow2"), 8, 3);
        JobTools.create(dir.resolve("errs.qcow2"), "16M");
        JobTools.create(dir.resolve("nodev.qcow2"), "1M");
        HostTools.run("qemu-img", "convert", "-O", "raw", dir.resolve("pit.qcow2").toString(), dir.resolve("raw0.raw").toString());
        qmpd = QmpdProcess.startTcp(
                "-drive", "file=" + dir.resolve("pit.qcow2") + ",if=none,id=pit,format=qcow2",
                "-device", "virtio-blk-pci,drive=pit,id=dev-pit",
                "-drive", "file=" + dir.resolve("top.qcow2") + ",if=none,id=top,format=qcow2",
                "-device", "virtio-blk-pci,drive=top,id=dev-top",
                "-drive", "file=" + dir.resolve("none.qcow2") + ",if=none,id=none,format=qcow2",
                "-device", "virtio-blk-pci,drive=none,id=dev-none",
                "-drive", "file=" + dir.resolve("errs.qcow2") + ",if=none,id=errs,format=qcow2",
                "-device", "virtio-blk-pci,drive=errs,id=dev-errs",
                "-drive", "file=" + dir.resolve("raw0.raw") + ",if=none,id=raw0,format=raw",
                "-drive", "file=" + dir.resolve("nodev.qcow2") + ",if=none,id=nodev,format=qcow2",
                "-drive", "if=none,id=empty");
        try (QmpClient c = qmpd.client()) {
            HostTools.awaitBlock(c, 7, 4);
        }
    }

    @AfterAll
    static void stop() throws Exception {
        if (qmpd != null) {
            assertEquals(0, qmpd.terminate());
            for (String img : List.of("pit.qcow2", "top.qcow2", "none.qcow2", "errs.qcow2")) {
                JobTools.assertClean(dir.resolve(img));
            }
        }
    }

    static JsonNode completed(QmpClient c, String device) throws Exception {
        return JobTools.event(c, "BLOCK_JOB_COMPLETED", device).get("data");
    }

    @Test
    void fullBackupHoldsTheDiskAsItWasAtTheStartWhileNbdAndHmpWrite() throws Exception {
        Path copy = dir.resolve("pit-copy.raw");
        HostTools.run("qemu-img", "convert", "-U", "-O", "raw", dir.resolve("pit.qcow2").toString(), copy.toString());
        Path target = dir.resolve("pit-full.qcow2");
        try (QmpClient c = qmpd.client()) {
            c.ok("nbd-server-start", Map.of("addr", Map.of("type", "unix", "data", Map.of("path", sock.toString()))));
            c.ok("nbd-server-add", Map.of("device", "pit", "writable", true));
            long wrBefore = stats(c, "pit").get("wr_bytes").asLong();
            c.ok("drive-backup", args("device", "pit", "sync", "full", "target", target.toString(), "speed", 8 << 20));
            // Paused, the job copies nothing more; the writes must copy their clusters first.
            c.ok("block-job-pause", args("device", "pit"));
            String uri = "nbd+unix:///pit?socket=" + sock;
            HostTools.qemuIo("raw", uri, "write -P 0x01 0 64k", "write -P 0x02 3M 4k", "write -P 0x03 9M 1M",
                    "write -P 0x04 16252928 131072");
            JobTools.writes(c, "pit", new String[] {"0x05", "4096", "8192"}, new String[] {"0x06", "12M", "2M"});
            JsonNode job = c.ok("query-block-jobs").get(0);
            assertEquals("pit", job.get("device").asText());
            assertTrue(job.get("offset").asLong() < 16 << 20, "the job was still running during the writes: " + job);
            c.ok("block-job-resume", args("device", "pit"));
            JsonNode done = completed(c, "pit");
            assertEquals(Set.of("type", "device", "len", "offset", "speed"), fields(done));
            assertEquals("backup", done.get("type").asText());
            assertEquals(16 << 20, done.get("len").asLong());
            assertEquals(16 << 20, done.get("offset").asLong());
            assertEquals(8 << 20, done.get("speed").asLong());
            JsonNode st = stats(c, "pit");
            assertEquals(wrBefore + 65536 + 4096 + (1 << 20) + 131072 + 8192 + (2 << 20), st.get("wr_bytes").asLong(),
                    "only the guest's writes are the device's: " + st);
            assertEquals(0, st.get("rd_bytes").asLong(), "the job's reads are not the device's");
            c.ok("nbd-server-stop");
        }
        JobTools.assertIdentical(copy, target);
        JobTools.assertClean(target);
        assertEquals(1, HostTools.exec("qemu-img", "compare", "-U", copy.toString(), dir.resolve("pit.qcow2").toString()).exit(),
                "the disk did change");
    }

    static JsonNode stats(QmpClient c, String device) throws Exception {
        for (JsonNode s : c.ok("query-blockstats")) {
            if (device.equals(s.path("device").asText())) {
                return s.get("stats");
            }
        }
        throw new AssertionError("no stats for " + device);
    }

    static Set<String> fields(JsonNode n) {
        Set<String> s = new HashSet<>();
        n.fieldNames().forEachRemaining(s::add);
        return s;
    }

    @Test
    void syncTopCopiesTheTopImageOverTheSameBackingFile() throws Exception {
        Path target = dir.resolve("top-backup.qcow2");
        try (QmpClient c = qmpd.client()) {
            c.ok("drive-backup", args("device", "top", "sync", "top", "target", target.toString(), "format", "qcow2"));
            JsonNode done = completed(c, "top");
            assertEquals(8 << 20, done.get("len").asLong());
            assertEquals(4 * 65536, done.get("offset").asLong(), "2.4 counts only what top allocates");
        }
        String info = HostTools.run("qemu-img", "info", target.toString());
        assertTrue(info.contains("backing file: " + dir.resolve("base.qcow2")), info);
        String map = HostTools.run("qemu-img", "map", "--output=json", target.toString());
        assertEquals(2, map.split("\"depth\": 0, \"present\": true, \"zero\": false, \"data\": true").length - 1, map);
        JobTools.assertIdentical(dir.resolve("top.qcow2"), target);
        JobTools.assertClean(target);
    }

    @Test
    void syncNoneKeepsWhatIsOverwrittenUntilCancelled() throws Exception {
        Path target = dir.resolve("none-backup.qcow2");
        Path before = dir.resolve("none-before.raw");
        HostTools.run("qemu-img", "convert", "-U", "-O", "raw", dir.resolve("none.qcow2").toString(), before.toString());
        try (QmpClient c = qmpd.client()) {
            assertEquals("Backing file not supported for file format 'raw'", JobTools.error(c, "drive-backup",
                    args("device", "none", "sync", "none", "target", target.toString(), "format", "raw")));
            assertFalse(Files.exists(target));
            c.ok("drive-backup", args("device", "none", "sync", "none", "target", target.toString()));
            JobTools.writes(c, "none", new String[] {"0x0a", "64k", "4k"}, new String[] {"0x0b", "2M", "128k"},
                    new String[] {"0x0c", "68k", "4k"});
            JsonNode job = c.ok("query-block-jobs").get(0);
            assertEquals(3 * 65536, job.get("offset").asLong(), job.toString());
            assertFalse(job.get("busy").asBoolean(), "waiting for writes to copy");
            c.ok("block-job-cancel", args("device", "none"));
            JsonNode cancelled = JobTools.event(c, "BLOCK_JOB_CANCELLED", "none").get("data");
            assertEquals(3 * 65536, cancelled.get("offset").asLong());
            assertEquals(Set.of("type", "device", "len", "offset", "speed"), fields(cancelled));
        }
        String info = HostTools.run("qemu-img", "info", target.toString());
        assertTrue(info.contains("backing file: " + dir.resolve("none.qcow2")), "the target is backed by the source: " + info);
        Path kept = dir.resolve("none-kept.raw");
        HostTools.run("qemu-img", "convert", "-O", "raw", "--image-opts", "driver=qcow2,file.filename=" + target + ",backing=",
                kept.toString());
        byte[] old = Files.readAllBytes(before);
        byte[] got = Files.readAllBytes(kept);
        for (int off : new int[] {65536, 2 << 20, (2 << 20) + 65536}) {
            assertTrue(Arrays.equals(old, off, off + 65536, got, off, off + 65536), "old data at " + off);
        }
        assertTrue(Arrays.equals(new byte[65536], 0, 65536, got, 0, 65536), "untouched clusters are not copied");
    }

    @Test
    void rawToRawFullBackupIsIdentical() throws Exception {
        Path target = dir.resolve("raw0-backup.raw");
        try (QmpClient c = qmpd.client()) {
            c.ok("drive-backup", args("device", "raw0", "sync", "full", "target", target.toString()));
            JsonNode done = completed(c, "raw0");
            assertFalse(done.has("error"));
        }
        assertEquals("raw", QmpClient.JSON.readTree(HostTools.run("qemu-img", "info", "--output=json", target.toString()))
                .get("format").asText());
        JobTools.assertIdentical(dir.resolve("raw0.raw"), target);
    }

    @Test
    void everyErrorOf24ComesBeforeAnyFileIsMade() throws Exception {
        Path t = dir.resolve("errs-target.qcow2");
        String target = t.toString();
        try (QmpClient c = qmpd.client()) {
            c.ok("block-dirty-bitmap-add", args("node", "errs", "name", "b0"));
            Object[][] cases = {
                {"Invalid parameter 'bogus'", args("device", "errs", "sync", "bogus", "target", target)},
                {"Invalid parameter 'bogus'", args("device", "errs", "sync", "full", "target", target, "mode", "bogus")},
                {"Invalid parameter 'bogus'", args("device", "errs", "sync", "full", "target", target, "on-target-error", "bogus")},
                {"Parameter 'sync' is missing", args("device", "errs", "target", target)},
                {"Invalid parameter type for 'speed', expected: int", args("device", "errs", "sync", "full", "target", target, "speed", "1")},
                {"Device 'empty' has no medium", args("device", "empty", "sync", "full", "target", target)},
                {"Invalid block format 'bogus'", args("device", "errs", "sync", "full", "target", target, "format", "bogus")},
                {"Source and target cannot be the same", args("device", "errs", "sync", "full", "target", dir.resolve("errs.qcow2").toString())},
                {"Could not create file: No such file or directory", args("device", "errs", "sync", "full", "target", dir.resolve("no/dir.qcow2").toString())},
                {"Could not open '" + target + "': No such file or directory", args("device", "errs", "sync", "full", "target", target, "mode", "existing")},
                {"Bitmap 'nosuch' could not be found", args("device", "errs", "sync", "incremental", "bitmap", "nosuch", "target", target)},
                {"Invalid parameter 'on-source-error'", args("device", "nodev", "sync", "full", "target", target, "on-source-error", "stop")},
                {"Invalid parameter 'on-source-error'", args("device", "nodev", "sync", "full", "target", target, "on-source-error", "enospc")},
                {"must provide a valid bitmap name for \"incremental\" sync mode", args("device", "errs", "sync", "incremental", "target", target)},
                {"must provide a valid bitmap name for \"dirty-bitmap\" sync mode", args("device", "errs", "sync", "dirty-bitmap", "target", target)},
                {"a sync_bitmap was provided to backup_run, but received an incompatible sync_mode (full)", args("device", "errs", "sync", "full", "bitmap", "b0", "target", target)},
                {"a sync_bitmap was provided to backup_run, but received an incompatible sync_mode (full)", args("device", "errs", "sync", "top", "bitmap", "b0", "target", target)},
                {"a sync_bitmap was provided to backup_run, but received an incompatible sync_mode (none)", args("device", "errs", "sync", "none", "bitmap", "b0", "target", target)},
                {"Invalid parameter 'speed'", args("device", "errs", "sync", "full", "target", target, "speed", -1)},
            };
            for (Object[] k : cases) {
                @SuppressWarnings("unchecked")
                Map<String, Object> a = (Map<String, Object>) k[1];
                JsonNode e = c.error("drive-backup", a);
                assertEquals("GenericError", e.get("class").asText(), a.toString());
                assertEquals(k[0], e.get("desc").asText(), a.toString());
                assertFalse(Files.exists(t), "no target after " + a);
            }
            JsonNode nf = c.error("drive-backup", args("device", "nosuch", "sync", "full", "target", target));
            assertEquals("DeviceNotFound", nf.get("class").asText());
            assertEquals("Device 'nosuch' not found", nf.get("desc").asText());
            try (Stream<Path> files = Files.list(dir)) {
                Set<String> stray = files.map(p -> p.getFileName().toString()).filter(n -> n.contains(".qmpd-"))
                        .collect(Collectors.toSet());
                assertTrue(stray.isEmpty(), "temporary files left: " + stray);
            }
            JsonNode b0 = c.ok("query-block").get(3).get("dirty-bitmaps").get(0);
            assertEquals("active", b0.get("status").asText(), "the bitmap was never frozen: " + b0);

            c.ok("drive-backup", args("device", "errs", "sync", "full", "target", target, "speed", 1));
            assertEquals("Node 'errs' is busy: block device is in use by block job: backup",
                    JobTools.error(c, "drive-backup", args("device", "errs", "sync", "full", "target", dir.resolve("x.qcow2").toString())));
            assertEquals("Node 'errs' is busy: block device is in use by block job: backup",
                    JobTools.error(c, "block-stream", args("device", "errs")));
            assertEquals("Node 'errs' is busy: block device is in use by block job: backup",
                    JobTools.error(c, "block-commit", args("device", "errs")));
            assertFalse(Files.exists(dir.resolve("x.qcow2")));
            c.ok("block-job-cancel", args("device", "errs"));
            JobTools.event(c, "BLOCK_JOB_CANCELLED", "errs");
            c.ok("block-dirty-bitmap-remove", args("node", "errs", "name", "b0"));
        }
    }
}
