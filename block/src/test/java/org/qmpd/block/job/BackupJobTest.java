package org.qmpd.block.job;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.qmpd.block.bitmap.DirtyBitmap;
import org.qmpd.block.graph.BlockBackend;
import org.qmpd.block.graph.BlockNode;
import org.qmpd.block.graph.NodeOptions;
import org.qmpd.block.open.NodeOpener;
import org.qmpd.block.open.Opts;

/**
 * The backup job on real images, checked with {@code qemu-img}: a full backup is the disk as it
 * was when the job started whatever is written meanwhile; {@code none} keeps exactly the
 * overwritten clusters; an incremental backup hands the bitmap to its successor on success
 * and merges it back on failure or cancel.
 */
class BackupJobTest {
    private static final int MIB = 1 << 20;

    @TempDir
    Path dir;

    @BeforeAll
    static void tools() {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/qemu-img")), "qemu-img is needed");
    }

    /** A 16 MiB qcow2 image full of random data, and its raw copy. */
    private Path randomImage(String name) throws Exception {
        Path raw = dir.resolve(name + ".raw");
        Files.write(raw, JobRig.pattern(16 * MIB, 7));
        Path img = dir.resolve(name + ".qcow2");
        JobRig.run("qemu-img", "convert", "-f", "raw", "-O", "qcow2", raw.toString(), img.toString());
        return img;
    }

    private static BackupJob start(JobRig rig, BlockBackend b, BackupTarget t, BackupJob.Sync sync, DirtyBitmap bm,
            long speed) throws Exception {
        BackupJob job = new BackupJob(b.name(), b, t, sync, bm, OnError.report, OnError.report, speed);
        rig.onMainLoop(() -> {
            job.begin();
            rig.jobs.start(job);
            return null;
        });
        return job;
    }

    /** Writes random 4 KiB and 64 KiB blocks from two threads until {@code stop} is set. */
    private static List<Thread> writers(BlockBackend b, AtomicBoolean stop, AtomicLong writes) {
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 2; t++) {
            int seed = t;
            Thread th = new Thread(() -> {
                SplittableRandom rnd = new SplittableRandom(seed);
                try {
                    while (!stop.get()) {
                        int len = rnd.nextBoolean() ? 4096 : 65536;
                        long off = rnd.nextLong((16L * MIB - len) / 512) * 512;
                        byte[] d = new byte[len];
                        rnd.nextBytes(d);
                        b.write(off, ByteBuffer.wrap(d));
                        writes.incrementAndGet();
                    }
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            th.start();
            threads.add(th);
        }
        return threads;
    }

    @Test
    void fullBackupIsTheDiskAsItWasWhenTheJobStartedWhileTheGuestWrites() throws Exception {
        Path img = randomImage("src");
        Path snapshot = dir.resolve("src.raw");
        Path target = dir.resolve("full.qcow2");
        try (JobRig rig = new JobRig()) {
            BlockBackend b = rig.drive("drive0", img, "qcow2");
            BackupTarget t = BackupTarget.create(target.toString(), "qcow2", b.size(), null, null).publish();
            BackupJob job = start(rig, b, t, BackupJob.Sync.full, null, 8 * MIB);
            AtomicBoolean stop = new AtomicBoolean();
            AtomicLong writes = new AtomicLong();
            List<Thread> threads = writers(b, stop, writes);
            JobRig.Event e = rig.next();
            stop.set(true);
            for (Thread th : threads) {
                th.join();
            }
            assertEquals("COMPLETED", e.kind());
            assertNull(e.detail());
            assertSame(job, e.job());
            assertEquals(16 * MIB, e.len());
            assertEquals(16 * MIB, e.offset(), "every cluster counts once, copied by the job or before a write");
            assertTrue(writes.get() > 100, "the guest wrote during the job: " + writes);
        }
        assertTrue(JobRig.run("qemu-img", "compare", "-f", "raw", "-F", "qcow2", snapshot.toString(), target.toString())
                .contains("Images are identical"));
        assertTrue(JobRig.run("qemu-img", "check", target.toString()).contains("No errors were found"));
        assertTrue(JobRig.exit("qemu-img", "compare", "-f", "raw", "-F", "qcow2", snapshot.toString(), img.toString()) == 1,
                "the source did change");
    }

    @Test
    void syncNoneKeepsExactlyTheClustersOverwrittenDuringTheJob() throws Exception {
        Path img = randomImage("src");
        byte[] before = Files.readAllBytes(dir.resolve("src.raw"));
        Path target = dir.resolve("none.qcow2");
        try (JobRig rig = new JobRig()) {
            BlockBackend b = rig.drive("drive0", img, "qcow2");
            BackupTarget t = BackupTarget.create(target.toString(), "qcow2", b.size(), img.toString(), "qcow2").publish();
            BackupJob job = start(rig, b, t, BackupJob.Sync.none, null, 0);
            JobRig.write(b, 3 * 65536 + 100, new byte[10]);
            JobRig.write(b, 5 * MIB, new byte[70000]);
            JobRig.write(b, 3 * 65536, new byte[4096]);
            assertEquals(3 * 65536, job.offset(), "three clusters copied before being overwritten");
            rig.onMainLoop(() -> {
                job.cancel();
                return null;
            });
            JobRig.Event e = rig.next();
            assertEquals("CANCELLED", e.kind());
        }
        String map = JobRig.run("qemu-img", "map", "--output=json", "-f", "qcow2", target.toString());
        assertTrue(map.contains("\"start\": 196608, \"length\": 65536, \"depth\": 0, \"present\": true, \"zero\": false, \"data\": true"), map);
        assertTrue(map.contains("\"start\": 5242880, \"length\": 131072, \"depth\": 0, \"present\": true, \"zero\": false, \"data\": true"), map);
        Path raw = dir.resolve("none.raw");
        JobRig.run("qemu-img", "convert", "-O", "raw", "--image-opts",
                "driver=qcow2,file.filename=" + target + ",backing=", raw.toString());
        byte[] kept = Files.readAllBytes(raw);
        for (long off : new long[] {196608, 5242880, 5242880 + 65536}) {
            byte[] want = Arrays.copyOfRange(before, (int) off, (int) off + 65536);
            byte[] got = Arrays.copyOfRange(kept, (int) off, (int) off + 65536);
            assertArrayEquals(want, got, "old data of cluster at " + off);
        }
    }

    @Test
    void incrementalBackupHandsTheBitmapToItsSuccessorOnSuccess() throws Exception {
        Path img = randomImage("src");
        Path full = dir.resolve("full.qcow2");
        JobRig.run("qemu-img", "convert", "-O", "qcow2", img.toString(), full.toString());
        Path inc = dir.resolve("inc.qcow2");
        JobRig.run("qemu-img", "create", "-q", "-f", "qcow2", "-b", full.toString(), "-F", "qcow2", inc.toString());
        try (JobRig rig = new JobRig()) {
            BlockBackend b = rig.drive("drive0", img, "qcow2");
            DirtyBitmap bm = b.root().bitmaps().create("bitmap0", 65536, b.size());
            JobRig.write(b, 0, JobRig.pattern(512, 1));
            JobRig.write(b, 8 * MIB, JobRig.pattern(300 << 10, 2));
            JobRig.write(b, 15 * MIB, JobRig.pattern(64 << 10, 3));
            BackupTarget t = BackupTarget.open(inc.toString(), null);
            BackupJob job = start(rig, b, t, BackupJob.Sync.incremental, bm, 1 * MIB);
            assertEquals(DirtyBitmap.Status.frozen, bm.status());
            JobRig.write(b, 12 * MIB, JobRig.pattern(4096, 4));
            JobRig.Event e = rig.next();
            assertEquals("COMPLETED", e.kind());
            assertNull(e.detail());
            assertEquals(16 * MIB, e.offset(), "clean clusters count as progress (2.4's fake progress)");
            DirtyBitmap after = b.root().bitmaps().find("bitmap0");
            assertTrue(after != bm, "the successor took the name");
            assertEquals(65536, after.countBytes(), "only the write made during the job");
            assertEquals(1, b.root().bitmaps().all().size());
            assertSame(job, e.job());
        }
        // The incremental image over the full one is the disk before the write at 12 MiB.
        Path expect = dir.resolve("expect.raw");
        JobRig.run("qemu-img", "convert", "-O", "raw", img.toString(), expect.toString());
        byte[] e = Files.readAllBytes(expect);
        byte[] undo = Arrays.copyOfRange(Files.readAllBytes(dir.resolve("src.raw")), 12 * MIB, 12 * MIB + 4096);
        System.arraycopy(undo, 0, e, 12 * MIB, 4096);
        Files.write(expect, e);
        assertTrue(JobRig.run("qemu-img", "compare", "-f", "raw", "-F", "qcow2", expect.toString(), inc.toString())
                .contains("Images are identical"));
    }

    @Test
    void incrementalBackupMergesTheSuccessorBackWhenItFailsOrIsCancelled() throws Exception {
        Path img = randomImage("src");
        Path inc = dir.resolve("inc.qcow2");
        JobRig.run("qemu-img", "create", "-q", "-f", "qcow2", inc.toString(), "16M");
        try (JobRig rig = new JobRig()) {
            Map<String, Object> image = new LinkedHashMap<>();
            image.put("driver", "file");
            image.put("filename", img.toString());
            Map<String, Object> rule = new LinkedHashMap<>();
            rule.put("event", "read_aio");
            rule.put("errno", 5);
            rule.put("once", true);
            Map<String, Object> debug = new LinkedHashMap<>();
            debug.put("driver", "blkdebug");
            debug.put("inject-error", List.of(rule));
            debug.put("image", image);
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("driver", "qcow2");
            o.put("file", debug);
            BlockNode root = new NodeOpener(rig.graph, n -> { }).open(new Opts(o, true), NodeOptions.DEFAULT);
            BlockBackend b = new BlockBackend("drive0", root);
            rig.graph.addBackend(b);
            DirtyBitmap bm = root.bitmaps().create("bitmap0", 65536, b.size());
            JobRig.write(b, 4 * MIB, JobRig.pattern(200 << 10, 5));

            start(rig, b, BackupTarget.open(inc.toString(), "qcow2"), BackupJob.Sync.incremental, bm, 0);
            JobRig.Event e = rig.next();
            assertEquals("ERROR", e.kind());
            assertEquals("read report", e.detail());
            e = rig.next();
            assertEquals("COMPLETED", e.kind());
            assertEquals("Input/output error", e.detail());
            assertSame(bm, root.bitmaps().find("bitmap0"), "the bitmap was reclaimed");
            assertEquals(DirtyBitmap.Status.active, bm.status());
            assertEquals(4 * 65536, bm.countBytes());
            assertEquals(1, root.bitmaps().all().size());

            BackupJob job = start(rig, b, BackupTarget.open(inc.toString(), "qcow2"), BackupJob.Sync.incremental, bm, 65536);
            JobRig.write(b, 9 * MIB, new byte[512]);
            rig.onMainLoop(() -> {
                job.cancel();
                return null;
            });
            e = rig.next();
            assertEquals("CANCELLED", e.kind());
            assertSame(bm, root.bitmaps().find("bitmap0"));
            assertEquals(5 * 65536, bm.countBytes(), "the write made during the cancelled job is kept too");
        }
    }
}
