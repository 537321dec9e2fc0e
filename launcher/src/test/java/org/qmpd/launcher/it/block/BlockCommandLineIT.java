package org.qmpd.launcher.it.block;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.Test;
import org.qmpd.launcher.it.HostTools;
import org.qmpd.launcher.it.QmpClient;
import org.qmpd.launcher.it.QmpdProcess;

/** {@code -drive} and {@code -blockdev} on the command line: backing chains, options, and start-up errors. */
class BlockCommandLineIT {
    @Test
    void driveOpensABackingChainResolvedRelativeToTheImage() throws Exception {
        assumeTrue(HostTools.present("qemu-img"));
        Path dir = QmpdProcess.tempDir("drive-chain");
        Path base = dir.resolve("base.qcow2");
        Path mid = dir.resolve("mid.qcow2");
        Path top = dir.resolve("top.qcow2");
        HostTools.run("qemu-img", "create", "-f", "qcow2", base.toString(), "8M");
        HostTools.qemuIo("qcow2", base.toString(), "write -P 0x7 0 64k");
        HostTools.run("qemu-img", "create", "-f", "qcow2", "-b", "base.qcow2", "-F", "qcow2", mid.toString());
        HostTools.run("qemu-img", "create", "-f", "qcow2", "-b", "mid.qcow2", "-F", "qcow2", top.toString());
        try (QmpdProcess qmpd = QmpdProcess.startTcp("-drive", "file=" + top + ",if=none,id=disk,node-name=top,cache=writethrough,readonly=on");
                QmpClient c = qmpd.client()) {
            HostTools.awaitBlock(c, 1, 0);
            JsonNode ins = c.ok("query-block").get(0).get("inserted");
            assertEquals(2, ins.get("backing_file_depth").asInt());
            assertEquals("mid.qcow2", ins.get("backing_file").asText());
            assertTrue(ins.get("ro").asBoolean());
            assertEquals(false, ins.get("cache").get("writeback").asBoolean());
            JsonNode img = ins.get("image");
            assertEquals("mid.qcow2", img.get("backing-filename").asText());
            assertEquals(mid.toString(), img.get("full-backing-filename").asText());
            assertEquals("qcow2", img.get("backing-filename-format").asText());
            assertEquals(base.toString(), img.get("backing-image").get("full-backing-filename").asText());
            assertTrue(img.get("backing-image").get("backing-image").has("virtual-size"));
            assertEquals("", HostTools.hmp(c, "qemu-io disk \"read -q -P 0x7 0 64k\""));
            assertEquals("write failed: Operation not permitted\r\n", HostTools.hmp(c, "qemu-io disk \"write 0 512\""));
            JsonNode stats = c.ok("query-blockstats").get(0);
            assertEquals("disk", stats.get("device").asText());
            assertTrue(stats.get("backing").get("backing").has("stats"), "the whole chain without query-nodes");
        }
    }

    @Test
    void blockdevNestsDottedKeysAndAcceptsQemuOptsStrings() throws Exception {
        Path dir = QmpdProcess.tempDir("blockdev");
        Path img = dir.resolve("d.raw");
        Files.write(img, new byte[1 << 20]);
        try (QmpdProcess qmpd = QmpdProcess.startTcp(
                "-blockdev", "driver=raw,node-name=r0,read-only=on,cache.no-flush=on,file.driver=file,file.filename=" + img,
                "-blockdev", "driver=null-co,node-name=n0,size=1M",
                "-device", "virtio-blk-pci,drive=r0,id=vd0");
                QmpClient c = qmpd.client()) {
            HostTools.awaitBlock(c, 1, 1);
            JsonNode nodes = c.ok("query-named-block-nodes");
            assertEquals(2, nodes.size());
            assertEquals("r0", nodes.get(0).get("node-name").asText());
            assertTrue(nodes.get(0).get("ro").asBoolean());
            assertTrue(nodes.get(0).get("cache").get("no-flush").asBoolean());
            assertEquals(1 << 20, nodes.get(1).get("image").get("virtual-size").asLong());
            JsonNode blocks = c.ok("query-block");
            assertEquals(1, blocks.size(), "only the node with a device has a backend");
            assertEquals("", blocks.get(0).get("device").asText());
            assertEquals("drive property not set",
                    c.error("device_add", java.util.Map.of("driver", "virtio-blk-pci", "id", "x2")).get("desc").asText());
            assertEquals("Property 'virtio-blk-device.drive' can't take value 'r0', it's in use",
                    c.error("device_add", java.util.Map.of("driver", "virtio-blk-pci", "id", "x3", "drive", "r0")).get("desc").asText());
        }
    }

    @Test
    void cacheNoneOpensTheImageWithODirectAndStillWritesExactBytes() throws Exception {
        assumeTrue(HostTools.present("qemu-img"));
        Path dir = QmpdProcess.tempDir("cache-none");
        Path img = dir.resolve("d.qcow2");
        HostTools.run("qemu-img", "create", "-f", "qcow2", img.toString(), "16M");
        try (QmpdProcess qmpd = QmpdProcess.startTcp("-drive", "file=" + img + ",if=none,id=d0,cache=none");
                QmpClient c = qmpd.client()) {
            HostTools.awaitBlock(c, 1, 0);
            JsonNode cache = c.ok("query-block").get(0).get("inserted").get("cache");
            assertTrue(cache.get("direct").asBoolean());
            assertTrue(cache.get("writeback").asBoolean());
            HostTools.hmp(c, "qemu-io d0 \"write -P 0x5a 4608 1536\"");
            HostTools.hmp(c, "qemu-io d0 \"write -P 0x33 1M 64k\"");
            assertEquals("", HostTools.hmp(c, "qemu-io d0 \"read -q -P 0x5a 4608 1536\""));
            assertEquals(0, qmpd.terminate());
        }
        assertTrue(HostTools.run("qemu-img", "check", img.toString()).contains("No errors were found"));
        HostTools.qemuIo("qcow2", img.toString(), "read -P 0x5a 4608 1536", "read -P 0x33 1M 64k", "read -P 0 0 4608");
    }

    @Test
    void unpluggingTheDeviceOfADriveDeletesTheDriveButNotABlockdevNode() throws Exception {
        Path dir = QmpdProcess.tempDir("auto-del");
        Path img = dir.resolve("d.raw");
        Files.write(img, new byte[1 << 20]);
        try (QmpdProcess qmpd = QmpdProcess.startTcp("-drive", "file=" + img + ",if=none,id=d0,format=raw",
                "-device", "virtio-blk-pci,drive=d0,id=vd0", "-blockdev", "driver=null-co,node-name=n0",
                "-device", "virtio-blk-pci,drive=n0,id=vd1");
                QmpClient c = qmpd.client()) {
            HostTools.awaitBlock(c, 2, 2);
            c.ok("device_del", java.util.Map.of("id", "vd0"));
            c.ok("device_del", java.util.Map.of("id", "vd1"));
            long deadline = System.nanoTime() + 5_000_000_000L;
            while (c.ok("query-block").size() > 0 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertEquals(0, c.ok("query-block").size(), "2.4 deletes a -drive with its device");
            assertEquals(1, c.ok("query-named-block-nodes").size(), "the -blockdev node stays");
        }
    }

    @Test
    void startUpStopsWithQemusWordsOnABadDrive() throws Exception {
        Path dir = QmpdProcess.tempDir("bad-drive");
        Path missing = dir.resolve("missing.qcow2");
        try (QmpdProcess qmpd = QmpdProcess.startTcp("-drive", "file=" + missing + ",if=none,id=d0,format=qcow2")) {
            assertEquals(1, qmpd.waitFor(30));
            String err = String.join("\n", qmpd.stderr());
            assertTrue(err.contains("-drive file=" + missing + ",if=none,id=d0,format=qcow2: Could not open '" + missing
                    + "': No such file or directory"), err);
        }
        Path garbage = dir.resolve("garbage.qcow2");
        Files.write(garbage, new byte[] {'Q', 'F', 'I', (byte) 0xfb, 0, 0, 0, 3});
        try (QmpdProcess qmpd = QmpdProcess.startTcp("-drive", "file=" + garbage + ",if=none,id=d0,format=qcow2")) {
            assertEquals(1, qmpd.waitFor(30));
            assertTrue(String.join("\n", qmpd.stderr()).contains("Could not read qcow2 header"), qmpd.stderr().toString());
        }
        try (QmpdProcess qmpd = QmpdProcess.startTcp("-drive", "file=" + garbage + ",if=none,id=d0,format=vmdk")) {
            assertEquals(1, qmpd.waitFor(30));
            assertTrue(String.join("\n", qmpd.stderr()).contains("Unknown driver 'vmdk'"), qmpd.stderr().toString());
        }
        try (QmpdProcess qmpd = QmpdProcess.startTcp("-drive", "file=" + garbage + ",if=none,id=d0,format=raw,bogus=1")) {
            assertEquals(1, qmpd.waitFor(30));
            assertTrue(String.join("\n", qmpd.stderr()).contains("Block format 'raw' used by device 'd0' doesn't support the option 'bogus'"),
                    qmpd.stderr().toString());
        }
    }
}
