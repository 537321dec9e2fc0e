package org.qmpd.block.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.qmpd.block.graph.BlockBackend;
import org.qmpd.block.graph.BlockNode;

/**
 * Stream and commit on a three-image chain (base, mid, top), checked against
 * {@code qemu-img convert} of the chain as it was (plus what the guest wrote meanwhile) and
 * {@code qemu-img info} of the headers the jobs rewrote.
 */
class StreamCommitJobTest {
    private static final int MIB = 1 << 20;

    @TempDir
    Path dir;

    @BeforeAll
    static void tools() {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/qemu-io")), "qemu-img and qemu-io are needed");
    }

    /** base: A at 0-2M; mid: B at 1M-3M; top: C at 2M-3M and D at 5M-6M; returns the chain as raw bytes. */
    private byte[] chain() throws Exception {
        String base = dir.resolve("base.qcow2").toString();
        String mid = dir.resolve("mid.qcow2").toString();
        String top = dir.resolve("top.qcow2").toString();
        JobRig.run("qemu-img", "create", "-q", "-f", "qcow2", base, "16M");
        JobRig.run("qemu-io", "-f", "qcow2", "-c", "write -P 0xaa 0 2M", base);
        JobRig.run("qemu-img", "create", "-q", "-f", "qcow2", "-b", "base.qcow2", "-F", "qcow2", mid);
        JobRig.run("qemu-io", "-f", "qcow2", "-c", "write -P 0xbb 1M 2M", mid);
        JobRig.run("qemu-img", "create", "-q", "-f", "qcow2", "-b", "mid.qcow2", "-F", "qcow2", top);
        JobRig.run("qemu-io", "-f", "qcow2", "-c", "write -P 0xcc 2M 1M", "-c", "write -P 0xdd 5M 1M", top);
        return raw("top.qcow2");
    }

    private byte[] raw(String image) throws Exception {
        Path out = dir.resolve(image + ".raw");
        Files.deleteIfExists(out);
        JobRig.run("qemu-img", "convert", "-O", "raw", dir.resolve(image).toString(), out.toString());
        return Files.readAllBytes(out);
    }

    private String info(String image) throws Exception {
        return JobRig.run("qemu-img", "info", "-U", dir.resolve(image).toString());
    }

    private static void check(JobRig rig, BlockJob job, String kind) throws Exception {
        JobRig.Event e = rig.next();
        assertEquals(kind, e.kind(), String.valueOf(e.detail()));
        assertNull(e.detail());
        assertSame(job, e.job());
        assertEquals(e.len(), e.offset());
    }

    private static <T extends BlockJob> T start(JobRig rig, T job) throws Exception {
        rig.onMainLoop(() -> {
            if (job instanceof ActiveCommitJob) {
                ((ActiveCommitJob) job).begin();
            }
            rig.jobs.start(job);
            return null;
        });
        return job;
    }

    @Test
    void streamingTheWholeChainLeavesTheTopImageAloneWithTheSameData() throws Exception {
        byte[] before = chain();
        try (JobRig rig = new JobRig()) {
            BlockBackend b = rig.drive("drive0", dir.resolve("top.qcow2"), "qcow2");
            BlockNode mid = b.root().backing();
            StreamJob job = start(rig, new StreamJob("drive0", b, rig.graph, null, null, OnError.report, 0));
            check(rig, job, "COMPLETED");
            assertNull(b.root().backing());
            assertFalse(rig.graph.nodes().contains(mid), "the images below were closed");
        }
        assertFalse(info("top.qcow2").contains("backing file"), info("top.qcow2"));
        assertTrue(Arrays.equals(before, raw("top.qcow2")));
        assertTrue(JobRig.run("qemu-img", "check", dir.resolve("top.qcow2").toString()).contains("No errors"));
    }

    @Test
    void streamingDownToBaseKeepsWhatTheGuestWritesMeanwhile() throws Exception {
        byte[] expect = chain();
        try (JobRig rig = new JobRig()) {
            BlockBackend b = rig.drive("drive0", dir.resolve("top.qcow2"), "qcow2");
            BlockNode base = b.root().backing().backing();
            StreamJob job = start(rig, new StreamJob("drive0", b, rig.graph, base, "base.qcow2", OnError.report, 2 * MIB));
            for (int i = 0; i < 8; i++) {
                byte[] d = JobRig.pattern(4096, i);
                long off = 1 * MIB + i * 200_000L;
                JobRig.write(b, off, d);
                System.arraycopy(d, 0, expect, (int) off, d.length);
            }
            check(rig, job, "COMPLETED");
            assertSame(base, b.root().backing());
        }
        String info = info("top.qcow2");
        assertTrue(info.contains("backing file: base.qcow2"), info);
        assertTrue(info.contains("backing file format: qcow2"), info);
        assertTrue(Arrays.equals(expect, raw("top.qcow2")));
        assertTrue(JobRig.run("qemu-img", "check", dir.resolve("top.qcow2").toString()).contains("No errors"));
    }

    @Test
    void committingTheMiddleImageDropsItFromTheChain() throws Exception {
        byte[] before = chain();
        try (JobRig rig = new JobRig()) {
            BlockBackend b = rig.drive("drive0", dir.resolve("top.qcow2"), "qcow2");
            BlockNode top = b.root();
            BlockNode mid = top.backing();
            BlockNode base = mid.backing();
            assertTrue(base.isReadOnly());
            base.reopen(false);
            top.reopen(false);
            CommitJob job = start(rig, new CommitJob("drive0", b, rig.graph, mid, base, top, null, true, false, 0));
            check(rig, job, "COMPLETED");
            assertSame(base, top.backing());
            assertTrue(base.isReadOnly(), "the base is read-only again");
            assertFalse(rig.graph.nodes().contains(mid));
        }
        assertTrue(info("top.qcow2").contains("backing file: " + dir.resolve("base.qcow2")), info("top.qcow2"));
        assertTrue(Arrays.equals(before, raw("top.qcow2")));
        assertTrue(JobRig.run("qemu-img", "check", dir.resolve("base.qcow2").toString()).contains("No errors"));
    }

    @Test
    void activeCommitBecomesReadyKeepsInSyncAndSwitchesTheDeviceToTheBase() throws Exception {
        byte[] expect = chain();
        try (JobRig rig = new JobRig()) {
            BlockBackend b = rig.drive("drive0", dir.resolve("top.qcow2"), "qcow2");
            BlockNode top = b.root();
            top.setNodeName("top-node");
            top.bitmaps().create("keep", 65536, top.size());
            BlockNode base = top.backing().backing();
            base.reopen(false);
            ActiveCommitJob job = start(rig, new ActiveCommitJob("drive0", b, rig.graph, base, true, 0));
            JobRig.Event ready = rig.next();
            assertEquals("READY", ready.kind());
            assertEquals(ready.len(), ready.offset());
            assertTrue(job.isReady());
            byte[] d = JobRig.pattern(70000, 9);
            JobRig.write(b, 7 * MIB + 5, d);
            System.arraycopy(d, 0, expect, 7 * MIB + 5, d.length);
            assertTrue(rig.onMainLoop(job::complete));
            check(rig, job, "COMPLETED");
            assertSame(base, b.root());
            assertEquals("top-node", base.nodeName());
            assertEquals(1, base.bitmaps().all().size(), "the job's own bitmap is gone, the device's stays");
            assertEquals("keep", base.bitmaps().all().get(0).name());
            assertFalse(base.isReadOnly());
            byte[] more = JobRig.pattern(4096, 10);
            JobRig.write(b, 0, more);
            System.arraycopy(more, 0, expect, 0, more.length);
        }
        assertTrue(Arrays.equals(expect, raw("base.qcow2")));
        assertTrue(JobRig.run("qemu-img", "check", dir.resolve("base.qcow2").toString()).contains("No errors"));
    }

    @Test
    void activeCommitCancelledBeforeReadyIsCancelledAndAfterIsCompletedWithoutTheSwitch() throws Exception {
        chain();
        try (JobRig rig = new JobRig()) {
            BlockBackend b = rig.drive("drive0", dir.resolve("top.qcow2"), "qcow2");
            BlockNode top = b.root();
            BlockNode base = top.backing().backing();
            base.reopen(false);
            ActiveCommitJob slow = start(rig, new ActiveCommitJob("drive0", b, rig.graph, base, true, 256 << 10));
            assertFalse(rig.onMainLoop(slow::complete), "not ready yet");
            rig.onMainLoop(() -> {
                slow.cancel();
                return null;
            });
            assertEquals("CANCELLED", rig.next().kind());
            assertTrue(base.isReadOnly());
            assertTrue(top.bitmaps().isEmpty());

            base.reopen(false);
            ActiveCommitJob job = start(rig, new ActiveCommitJob("drive0", b, rig.graph, base, true, 0));
            assertEquals("READY", rig.next().kind());
            rig.onMainLoop(() -> {
                job.cancel();
                return null;
            });
            check(rig, job, "COMPLETED");
            assertSame(top, b.root(), "no switch without block-job-complete");
        }
    }
}
