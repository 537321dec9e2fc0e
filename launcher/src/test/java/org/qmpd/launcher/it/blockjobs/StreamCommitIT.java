package org.qmpd.launcher.it.blockjobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.qmpd.launcher.it.blockjobs.JobTools.args;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
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
 * {@code block-stream} and {@code block-commit} on three-image chains made by {@code qemu-img}
 * (base, mid, top), each result compared with {@code qemu-img convert} of the chain as it was
 * plus what the guest wrote meanwhile; the backing files the jobs write, checked with
 * {@code qemu-img info}; the active commit's READY and {@code block-job-complete}; stream's
 * error policies with a blkdebug EIO; 2.4's errors.
 */
class StreamCommitIT {
    static Path dir;
    static QmpdProcess qmpd;
    static final List<String> POLICIES = List.of("report", "stop", "ignore");

    /** base: 0xaa at 0-2M; mid: 0xbb at 1M-3M; top: 0xcc at 2M-3M and 0xdd at 5M-6M; 16 MiB. */
    static void chain(String prefix, boolean absolute) throws Exception {
        Path base = dir.resolve(prefix + "-base.qcow2");
        Path mid = dir.resolve(prefix + "-mid.qcow2");
        Path top = dir.resolve(prefix + "-top.qcow2");
        JobTools.create(base, "16M");
        HostTools.qemuIo("qcow2", base.toString(), "write -P 0xaa 0 2M");
        HostTools.run("qemu-img", "create", "-q", "-f", "qcow2", "-b", absolute ? base.toString() : base.getFileName().toString(),
                "-F", "qcow2", mid.toString());
        HostTools.qemuIo("qcow2", mid.toString(), "write -P 0xbb 1M 2M");
        HostTools.run("qemu-img", "create", "-q", "-f", "qcow2", "-b", absolute ? mid.toString() : mid.getFileName().toString(),
                "-F", "qcow2", top.toString());
        HostTools.qemuIo("qcow2", top.toString(), "write -P 0xcc 2M 1M", "write -P 0xdd 5M 1M");
        HostTools.run("qemu-img", "convert", "-O", "raw", top.toString(), dir.resolve(prefix + ".raw").toString());
    }

    @BeforeAll
    static void start() throws Exception {
        assumeTrue(HostTools.present("qemu-img") && HostTools.present("qemu-io"), "qemu-img and qemu-io are needed");
        dir = QmpdProcess.tempDir("stream-commit");
        List<String> cmd = new ArrayList<>();
        for (String p : List.of("s", "c", "e")) {
            chain(p, false);
            cmd.addAll(List.of("-drive", "file=" + dir.resolve(p + "-top.qcow2") + ",if=none,id=" + p + ",format=qcow2",
                    "-device", "virtio-blk-pci,drive=" + p + ",id=dev-" + p));
        }
        for (String policy : POLICIES) {
            chain(policy, true);
            Path conf = dir.resolve(policy + ".conf");
            Files.writeString(conf, "[inject-error]\nevent = \"write_aio\"\nerrno = \"5\"\nonce = \"on\"\n");
            cmd.addAll(List.of("-drive", "file=blkdebug:" + conf + ":" + dir.resolve(policy + "-top.qcow2") + ",if=none,id=" + policy
                    + ",format=qcow2", "-device", "virtio-blk-pci,drive=" + policy + ",id=dev-" + policy));
        }
        JobTools.create(dir.resolve("single.qcow2"), "1M");
        cmd.addAll(List.of("-drive", "file=" + dir.resolve("single.qcow2") + ",if=none,id=single,format=qcow2"));
        qmpd = QmpdProcess.startTcp(cmd.toArray(new String[0]));
        try (QmpClient c = qmpd.client()) {
            HostTools.awaitBlock(c, 7, 6);
        }
    }

    @AfterAll
    static void stop() throws Exception {
        if (qmpd != null) {
            assertEquals(0, qmpd.terminate());
            for (String p : List.of("s-top", "c-top", "c-base", "e-top", "e-base")) {
                JobTools.assertClean(dir.resolve(p + ".qcow2"));
            }
            for (String p : POLICIES) {
                // a write that failed may leak the clusters it had taken, nothing worse
                int exit = HostTools.exec("qemu-img", "check", dir.resolve(p + "-top.qcow2").toString()).exit();
                assertTrue(exit == 0 || exit == 3, p + ": qemu-img check exited " + exit);
            }
        }
    }

    static JsonNode done(QmpClient c, String device, String type) throws Exception {
        JsonNode e = JobTools.event(c, "BLOCK_JOB_COMPLETED", device).get("data");
        assertEquals(type, e.get("type").asText());
        assertFalse(e.has("error"), e.toString());
        assertEquals(e.get("len").asLong(), e.get("offset").asLong());
        return e;
    }

    static String info(String image) throws Exception {
        return HostTools.run("qemu-img", "info", "-U", dir.resolve(image).toString());
    }

    /** The chain's raw contents with HMP writes applied as they were made. */
    static byte[] written(QmpClient c, String device, byte[] expect, int pattern, long offset, int length) throws Exception {
        JobTools.writes(c, device, new String[] {"0x" + Integer.toHexString(pattern), Long.toString(offset), Integer.toString(length)});
        Arrays.fill(expect, (int) offset, (int) offset + length, (byte) pattern);
        return expect;
    }

    static void assertContents(byte[] expect, String image) throws Exception {
        Path raw = dir.resolve(image + ".now.raw");
        Files.deleteIfExists(raw);
        HostTools.run("qemu-img", "convert", "-U", "-O", "raw", dir.resolve(image).toString(), raw.toString());
        assertTrue(Arrays.equals(expect, Files.readAllBytes(raw)), image + " differs from the expected disk");
    }

    @Test
    void streamDownToBaseThenTheWholeChainKeepsTheDiskAndRewritesTheBackingFile() throws Exception {
        byte[] expect = Files.readAllBytes(dir.resolve("s.raw"));
        String base = dir.resolve("s-base.qcow2").toString();
        try (QmpClient c = qmpd.client()) {
            assertEquals("Base 'nosuch.qcow2' not found", JobTools.error(c, "block-stream", args("device", "s", "base", "nosuch.qcow2")));
            assertEquals("backing file specified, but streaming the entire chain",
                    JobTools.error(c, "block-stream", args("device", "s", "backing-file", "x")));
            assertEquals("Invalid parameter 'on-error'", JobTools.error(c, "block-stream", args("device", "single", "on-error", "stop")));
            assertEquals("Invalid parameter 'bogus'", JobTools.error(c, "block-stream", args("device", "s", "on-error", "bogus")));
            assertEquals("Invalid parameter 'speed'", JobTools.error(c, "block-stream", args("device", "s", "speed", -1)));
            JsonNode nf = c.error("block-stream", args("device", "nosuch"));
            assertEquals("DeviceNotFound", nf.get("class").asText());
            assertEquals("Device 'nosuch' not found", nf.get("desc").asText());

            c.ok("block-stream", args("device", "s", "base", base, "speed", 4 << 20));
            written(c, "s", expect, 0x5a, 1536 << 10, 4096);
            written(c, "s", expect, 0x5b, 6 << 20, 65536);
            JsonNode e = done(c, "s", "stream");
            assertEquals(16 << 20, e.get("len").asLong());
            assertTrue(info("s-top.qcow2").contains("backing file: " + base), info("s-top.qcow2"));
            assertContents(expect, "s-top.qcow2");

            c.ok("block-stream", args("device", "s"));
            done(c, "s", "stream");
            assertFalse(info("s-top.qcow2").contains("backing file"), info("s-top.qcow2"));
            assertFalse(c.ok("query-block").get(0).get("inserted").has("backing_file"));
            assertContents(expect, "s-top.qcow2");

            c.ok("block-stream", args("device", "s"));
            JsonNode empty = done(c, "s", "stream");
            assertEquals(0, empty.get("len").asLong(), "nothing to stream: 2.4 completes at once with len 0");
        }
    }

    @Test
    void commitTheMiddleImageThenTheActiveLayerWithReadyAndComplete() throws Exception {
        byte[] expect = Files.readAllBytes(dir.resolve("c.raw"));
        String top = dir.resolve("c-top.qcow2").toString();
        String mid = dir.resolve("c-mid.qcow2").toString();
        String base = dir.resolve("c-base.qcow2").toString();
        try (QmpClient c = qmpd.client()) {
            assertEquals("Top image file nosuch not found", JobTools.error(c, "block-commit", args("device", "c", "top", "nosuch")));
            assertEquals("Base 'nosuch' not found", JobTools.error(c, "block-commit", args("device", "c", "base", "nosuch")));
            assertEquals("Base '" + mid + "' not found", JobTools.error(c, "block-commit", args("device", "c", "top", mid, "base", mid)));
            assertEquals("Base '" + mid + "' not found", JobTools.error(c, "block-commit", args("device", "c", "top", base, "base", mid)),
                    "top and base reversed");
            assertEquals("cannot commit an image into itself", JobTools.error(c, "block-commit", args("device", "single")));
            assertEquals("'backing-file' specified, but 'top' is the active layer",
                    JobTools.error(c, "block-commit", args("device", "c", "backing-file", "x")));
            assertEquals("Invalid parameter 'speed'", JobTools.error(c, "block-commit", args("device", "c", "top", mid, "speed", -1)));
            JsonNode nf = c.error("block-commit", args("device", "nosuch", "top", "x"));
            assertEquals("DeviceNotFound", nf.get("class").asText(), "the device is looked up first");

            c.ok("block-commit", args("device", "c", "top", mid, "base", base));
            JsonNode e = done(c, "c", "commit");
            assertEquals(16 << 20, e.get("len").asLong());
            assertTrue(info("c-top.qcow2").contains("backing file: " + base), info("c-top.qcow2"));
            assertEquals(base, c.ok("query-block").get(1).get("inserted").get("backing_file").asText());
            assertContents(expect, "c-top.qcow2");

            c.ok("block-commit", args("device", "c"));
            JsonNode ready = JobTools.event(c, "BLOCK_JOB_READY", "c").get("data");
            assertEquals("commit", ready.get("type").asText());
            assertEquals(ready.get("len").asLong(), ready.get("offset").asLong());
            assertEquals(2 << 20, ready.get("len").asLong(), "what top holds: 2M-3M and 5M-6M");
            JsonNode job = c.ok("query-block-jobs").get(0);
            assertTrue(job.get("ready").asBoolean());
            assertEquals("commit", job.get("type").asText());
            written(c, "c", expect, 0x6a, 9 << 20, 131072);
            written(c, "c", expect, 0x6b, 0, 512);
            JsonNode na = c.error("block-job-complete", args("device", "nosuch"));
            assertEquals("DeviceNotActive", na.get("class").asText());
            assertEquals("No active block job on device 'nosuch'", na.get("desc").asText());
            c.ok("block-job-complete", args("device", "c"));
            done(c, "c", "commit");
            JsonNode ins = c.ok("query-block").get(1).get("inserted");
            assertEquals(base, ins.get("file").asText(), "the device now runs on the base");
            assertFalse(ins.has("backing_file"));
            assertFalse(ins.get("ro").asBoolean());
            written(c, "c", expect, 0x6c, 15 << 20, 65536);
            assertContents(expect, "c-base.qcow2");
        }
    }

    @Test
    void activeCommitCancelledAfterReadyCompletesWithoutSwitching() throws Exception {
        try (QmpClient c = qmpd.client()) {
            c.ok("block-commit", args("device", "e"));
            JobTools.event(c, "BLOCK_JOB_READY", "e");
            assertEquals("The active block job for device 'e' cannot be completed",
                    failsWhilePaused(c, "e"));
            c.ok("block-job-cancel", args("device", "e"));
            done(c, "e", "commit");
            assertEquals(dir.resolve("e-top.qcow2").toString(), c.ok("query-block").get(2).get("inserted").get("file").asText());
        }
        byte[] expect = Files.readAllBytes(dir.resolve("e.raw"));
        assertContents(expect, "e-top.qcow2");
        assertContents(expect, "e-base.qcow2");
    }

    /** block-job-complete is refused while the job is paused. */
    static String failsWhilePaused(QmpClient c, String device) throws Exception {
        c.ok("block-job-pause", args("device", device));
        String err = JobTools.error(c, "block-job-complete", args("device", device));
        c.ok("block-job-resume", args("device", device));
        return err;
    }

    @Test
    void streamErrorPoliciesReportStopAndIgnoreAnEio() throws Exception {
        try (QmpClient c = qmpd.client()) {
            for (String policy : POLICIES) {
                c.ok("block-stream", args("device", policy, "on-error", policy));
                JsonNode err = JobTools.event(c, "BLOCK_JOB_ERROR", policy).get("data");
                assertEquals(Map.of("device", policy, "operation", "read", "action", policy).toString(),
                        Map.of("device", err.get("device").asText(), "operation", err.get("operation").asText(),
                                "action", err.get("action").asText()).toString(), "2.4 reports stream errors as reads");
                if (policy.equals("stop")) {
                    JsonNode job = c.ok("query-block-jobs").get(0);
                    assertTrue(job.get("paused").asBoolean());
                    assertEquals("failed", job.get("io-status").asText());
                    c.ok("block-job-resume", args("device", policy));
                }
                JsonNode end = JobTools.event(c, "BLOCK_JOB_COMPLETED", policy).get("data");
                String top = policy + "-top.qcow2";
                switch (policy) {
                    case "report":
                        assertEquals("Input/output error", end.get("error").asText());
                        assertTrue(end.get("offset").asLong() < end.get("len").asLong());
                        assertTrue(info(top).contains("backing file: "), "the backing file stays");
                        break;
                    case "stop":
                        assertFalse(end.has("error"), end.toString());
                        assertFalse(info(top).contains("backing file"), "streamed after the resume");
                        break;
                    default:
                        assertEquals("Input/output error", end.get("error").asText(), "an ignored error still fails the job");
                        assertEquals(end.get("len").asLong(), end.get("offset").asLong());
                        assertTrue(info(top).contains("backing file: "), "an ignored error keeps the backing file");
                }
                assertContents(Files.readAllBytes(dir.resolve(policy + ".raw")), top);
            }
        }
    }
}
