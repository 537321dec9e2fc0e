package org.qmpd.launcher.it.blockjobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.qmpd.launcher.it.blockjobs.JobTools.args;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.qmpd.launcher.it.HostTools;
import org.qmpd.launcher.it.QmpClient;
import org.qmpd.launcher.it.QmpdProcess;

/**
 * QEMU's iotest 124 against qmpd: a full anchor backup, a dirty bitmap, guest writes, then
 * three incremental backups into qcow2 overlays each backed by the previous one, each
 * compared with {@code qemu-img compare} to a full reference backup taken right after it; at
 * bitmap granularities of 32, 64 and 128 KiB, with both names of the sync mode. Then the
 * failures: a blkdebug EIO on the source, and ENOSPC from a target on a tiny tmpfs, mid-job;
 * the job fails, the bitmap is reclaimed, and the next incremental backup still restores the
 * disk exactly.
 */
class IncrementalBackupIT {
    static Path dir;
    static QmpdProcess qmpd;
    static final List<String> DRIVES = List.of("g32", "g64", "g128", "eio", "nospc");

    @BeforeAll
    static void start() throws Exception {
        assumeTrue(HostTools.present("qemu-img") && HostTools.present("qemu-io"), "qemu-img and qemu-io are needed");
        dir = QmpdProcess.tempDir("incremental-backup");
        List<String> cmd = new ArrayList<>();
        for (String d : DRIVES) {
            Path img = dir.resolve(d + ".qcow2");
            JobTools.create(img, "64M");
            // 124's initial contents
            HostTools.qemuIo("qcow2", img.toString(), "write -P 0x41 0 512", "write -P 0xd5 1M 32k", "write -P 0xdc 32M 124k");
            String file = img.toString();
            if (d.equals("eio")) {
                Path conf = dir.resolve("eio.conf");
                Files.writeString(conf, "[inject-error]\nevent = \"read_aio\"\nerrno = \"5\"\nonce = \"on\"\n");
                file = "blkdebug:" + conf + ":" + img;
                // the anchor: the disk as it is when the bitmap is added, before qmpd writes anything
                HostTools.run("qemu-img", "convert", "-O", "qcow2", img.toString(), dir.resolve("eio-anchor.qcow2").toString());
            }
            cmd.add("-drive");
            cmd.add("file=" + file + ",if=none,id=" + d + ",format=qcow2");
            cmd.add("-device");
            cmd.add("virtio-blk-pci,drive=" + d + ",id=dev-" + d);
        }
        qmpd = QmpdProcess.startTcp(cmd.toArray(new String[0]));
        try (QmpClient c = qmpd.client()) {
            HostTools.awaitBlock(c, DRIVES.size(), DRIVES.size());
        }
    }

    @AfterAll
    static void stop() throws Exception {
        if (qmpd != null) {
            assertEquals(0, qmpd.terminate());
            for (String d : DRIVES) {
                JobTools.assertClean(dir.resolve(d + ".qcow2"));
            }
        }
    }

    /** 124's bookkeeping for one bitmap: the last good backup, and each incremental with its reference. */
    static final class Backups {
        final String drive;
        final String bitmap;
        Path last;
        int n;
        final List<Path[]> pairs = new ArrayList<>();

        Backups(String drive, String bitmap, Path anchor) {
            this.drive = drive;
            this.bitmap = bitmap;
            this.last = anchor;
        }

        Path next() {
            return dir.resolve(drive + "-inc" + n++ + ".qcow2");
        }

        void check() throws Exception {
            for (Path[] p : pairs) {
                JobTools.assertIdentical(p[0], p[1]);
            }
        }
    }

    static JsonNode backup(QmpClient c, Object... kv) throws Exception {
        c.ok("drive-backup", args(kv));
        String device = (String) args(kv).get("device");
        return c.event("BLOCK_JOB_COMPLETED", e -> device.equals(e.get("data").get("device").asText()), JobTools.WAIT);
    }

    static Path anchor(QmpClient c, String drive) throws Exception {
        Path anchor = dir.resolve(drive + "-anchor.qcow2");
        JsonNode e = backup(c, "device", drive, "sync", "full", "format", "qcow2", "target", anchor.toString());
        assertFalse(e.get("data").has("error"), e.toString());
        return anchor;
    }

    /**
     * 124's {@code create_incremental}: an overlay of the last backup, an incremental backup
     * into it, then a full reference backup. Returns the completion event.
     */
    static JsonNode incremental(QmpClient c, Backups b, String sync, Object... extra) throws Exception {
        Path target = b.next();
        JobTools.overlay(target, b.last);
        List<Object> kv = new ArrayList<>(List.of("device", b.drive, "sync", sync, "bitmap", b.bitmap, "format", "qcow2",
                "target", target.toString(), "mode", "existing"));
        kv.addAll(List.of(extra));
        JsonNode e = backup(c, kv.toArray());
        if (e.get("data").has("error")) {
            Files.delete(target);
            return e;
        }
        Path ref = dir.resolve(target.getFileName() + ".ref.qcow2");
        JsonNode r = backup(c, "device", b.drive, "sync", "full", "format", "qcow2", "target", ref.toString());
        assertFalse(r.get("data").has("error"), r.toString());
        b.pairs.add(new Path[] {target, ref});
        b.last = target;
        return e;
    }

    static JsonNode bitmap(QmpClient c, String drive, String name) throws Exception {
        for (JsonNode dev : c.ok("query-block")) {
            if (dev.get("device").asText().equals(drive)) {
                for (JsonNode bm : dev.path("dirty-bitmaps")) {
                    if (name.equals(bm.path("name").asText())) {
                        return bm;
                    }
                }
            }
        }
        throw new AssertionError("no bitmap " + name + " on " + drive);
    }

    /** 124's {@code do_incremental_simple}. */
    void incrementalSimple(String drive, long granularity, String sync) throws Exception {
        try (QmpClient c = qmpd.client()) {
            Backups b = new Backups(drive, "bitmap0", anchor(c, drive));
            c.ok("block-dirty-bitmap-add", args("node", drive, "name", "bitmap0", "granularity", granularity));
            JsonNode hollow = incremental(c, b, sync);
            assertEquals(64 << 20, hollow.get("data").get("offset").asLong());
            String map = HostTools.run("qemu-img", "map", "--output=json", "-U", b.last.toString());
            assertFalse(map.contains("\"depth\": 0, \"present\": true"), "a hollow backup holds nothing: " + map);
            JobTools.writes(c, drive, new String[] {"0xab", "0", "512"}, new String[] {"0xfe", "16M", "256k"},
                    new String[] {"0x64", "32736k", "64k"});
            long dirty = bitmap(c, drive, "bitmap0").get("count").asLong();
            assertEquals(granularity == 131072 ? 5 * 131072 : granularity == 65536 ? 7 * 65536 : 11 * 32768, dirty);
            incremental(c, b, sync);
            assertEquals(0, bitmap(c, drive, "bitmap0").get("count").asLong(), "the successor took over");
            JobTools.writes(c, drive, new String[] {"0x9a", "0", "512"}, new String[] {"0x55", "8M", "352k"},
                    new String[] {"0x78", "15872k", "1M"});
            incremental(c, b, sync);
            assertEquals(3, b.pairs.size());
            b.check();
            c.ok("block-dirty-bitmap-remove", args("node", drive, "name", "bitmap0"));
        }
    }

    @Test
    void incrementalChainAt64KiBRestoresEachPointExactly() throws Exception {
        incrementalSimple("g64", 65536, "incremental");
    }

    @Test
    void incrementalChainAt32KiBRestoresEachPointExactly() throws Exception {
        incrementalSimple("g32", 32768, "dirty-bitmap");
    }

    @Test
    void incrementalChainAt128KiBRestoresEachPointExactly() throws Exception {
        incrementalSimple("g128", 131072, "incremental");
    }

    @Test
    void incrementalBackupReclaimsBitmapWhenTheSourceFails() throws Exception {
        try (QmpClient c = qmpd.client()) {
            Backups b = new Backups("eio", "bitmap0", dir.resolve("eio-anchor.qcow2"));
            c.ok("block-dirty-bitmap-add", args("node", "eio", "name", "bitmap0"));
            JobTools.writes(c, "eio", new String[] {"0xab", "0", "512"}, new String[] {"0xfe", "16M", "256k"},
                    new String[] {"0x64", "32736k", "64k"});
            JsonNode before = bitmap(c, "eio", "bitmap0");
            JsonNode failed = incremental(c, b, "incremental");
            assertEquals("Input/output error", failed.get("data").get("error").asText());
            JsonNode err = c.event("BLOCK_JOB_ERROR", e -> true, JobTools.WAIT).get("data");
            assertEquals(args("device", "eio", "operation", "read", "action", "report").toString(),
                    args("device", err.get("device").asText(), "operation", err.get("operation").asText(),
                            "action", err.get("action").asText()).toString());
            JsonNode after = bitmap(c, "eio", "bitmap0");
            assertEquals(before, after, "reclaimed: the same bits, active again");
            assertEquals(1, c.ok("query-block").get(3).get("dirty-bitmaps").size(), "no successor left");
            JobTools.writes(c, "eio", new String[] {"0x9a", "0", "512"}, new String[] {"0x55", "8M", "352k"},
                    new String[] {"0x78", "15872k", "1M"});
            JsonNode ok = incremental(c, b, "incremental");
            assertFalse(ok.get("data").has("error"), ok.toString());
            assertEquals(1, b.pairs.size());
            b.check();
            c.ok("block-dirty-bitmap-remove", args("node", "eio", "name", "bitmap0"));
        }
    }

    @Test
    void incrementalBackupReclaimsBitmapWhenTheTargetRunsOutOfSpace() throws Exception {
        Path tiny = Files.createDirectories(dir.resolve("tiny"));
        boolean mounted = HostTools.exec("mount", "-t", "tmpfs", "-o", "size=3M", "tmpfs", tiny.toString()).exit() == 0;
        Path conf = dir.resolve("enospc.conf");
        Files.writeString(conf, "[inject-error]\nevent = \"write_aio\"\nerrno = \"28\"\nonce = \"on\"\n");
        try (QmpClient c = qmpd.client()) {
            Backups b = new Backups("nospc", "bitmap0", anchor(c, "nospc"));
            c.ok("block-dirty-bitmap-add", args("node", "nospc", "name", "bitmap0"));
            JobTools.writes(c, "nospc", new String[] {"0x11", "4M", "6M"}, new String[] {"0x22", "40M", "64k"});
            JsonNode before = bitmap(c, "nospc", "bitmap0");

            // on-target-error=enospc stops the job, paused with io-status nospace, until cancelled
            Path full = tiny.resolve("inc-full.qcow2");
            JobTools.overlay(full, b.last);
            String target = mounted ? full.toString() : "blkdebug:" + conf + ":" + full;
            c.ok("drive-backup", args("device", "nospc", "sync", "incremental", "bitmap", "bitmap0", "format", "qcow2",
                    "target", target, "mode", "existing", "on-target-error", "enospc"));
            JsonNode err = c.event("BLOCK_JOB_ERROR", e -> true, JobTools.WAIT).get("data");
            assertEquals("write", err.get("operation").asText());
            assertEquals("stop", err.get("action").asText());
            JsonNode job = c.ok("query-block-jobs").get(0);
            assertTrue(job.get("paused").asBoolean(), job.toString());
            assertEquals("nospace", job.get("io-status").asText());
            assertEquals("The block job for device 'nospc' is currently paused",
                    JobTools.error(c, "block-job-cancel", args("device", "nospc")));
            c.ok("block-job-cancel", args("device", "nospc", "force", true));
            JsonNode cancelled = c.event("BLOCK_JOB_CANCELLED", e -> true, JobTools.WAIT).get("data");
            assertEquals("nospc", cancelled.get("device").asText());
            assertEquals(before, bitmap(c, "nospc", "bitmap0"));
            Files.delete(full);

            // on-target-error=report fails the job
            JobTools.overlay(full, b.last);
            c.ok("drive-backup", args("device", "nospc", "sync", "incremental", "bitmap", "bitmap0", "format", "qcow2",
                    "target", target, "mode", "existing"));
            JsonNode done = c.event("BLOCK_JOB_COMPLETED", e -> true, JobTools.WAIT).get("data");
            assertEquals("No space left on device", done.get("error").asText(), done.toString());
            assertTrue(done.get("offset").asLong() < done.get("len").asLong());
            err = c.event("BLOCK_JOB_ERROR", e -> true, JobTools.WAIT).get("data");
            assertEquals("report", err.get("action").asText());
            assertEquals(before, bitmap(c, "nospc", "bitmap0"), "reclaimed: no dirty bit lost");

            JobTools.writes(c, "nospc", new String[] {"0x33", "5M", "64k"}, new String[] {"0x44", "63M", "1M"});
            JsonNode ok = incremental(c, b, "incremental");
            assertNull(ok.get("data").get("error"));
            b.check();
            c.ok("block-dirty-bitmap-remove", args("node", "nospc", "name", "bitmap0"));
        } finally {
            if (mounted) {
                HostTools.exec("umount", tiny.toString());
            }
        }
    }
}
