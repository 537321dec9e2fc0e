package org.qmpd.launcher.it.block;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
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
 * The block commands against the conversations recorded with QEMU in
 * {@code reference/qemu-7.2-transcripts} ({@code query_block.jsonl}, {@code dirty_bitmaps.jsonl},
 * {@code write_threshold.jsonl}), with 2.4's shapes and words where they differ: one qmpd with
 * the transcripts' set-up, {@code -blockdev} qcow2 {@code drive0} over file {@code file0} and a
 * virtio-blk device on it.
 */
class BlockCommandsIT {
    static Path dir;
    static Path image;
    static QmpdProcess qmpd;

    @BeforeAll
    static void start() throws Exception {
        assumeTrue(HostTools.present("qemu-img"), "qemu-img is needed");
        dir = QmpdProcess.tempDir("block-commands");
        image = dir.resolve("main.qcow2");
        HostTools.run("qemu-img", "create", "-f", "qcow2", image.toString(), "64M");
        qmpd = QmpdProcess.startTcp(
                "-blockdev", "driver=qcow2,node-name=drive0,file.driver=file,file.filename=" + image + ",file.node-name=file0",
                "-device", "virtio-blk-pci,drive=drive0,id=vblk0");
        try (QmpClient c = qmpd.client()) {
            HostTools.awaitBlock(c, 1, 1);
        }
    }

    @AfterAll
    static void stop() throws Exception {
        if (qmpd != null) {
            assertEquals(0, qmpd.terminate());
            String check = HostTools.run("qemu-img", "check", image.toString());
            assertTrue(check.contains("No errors were found"), check);
        }
    }

    static Map<String, Object> args(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    static JsonNode bitmaps(QmpClient c) throws Exception {
        return c.ok("query-block").get(0).get("dirty-bitmaps");
    }

    static long count(JsonNode bitmaps, String name) {
        for (JsonNode b : bitmaps) {
            if (name.equals(b.path("name").asText())) {
                return b.get("count").asLong();
            }
        }
        throw new AssertionError("no bitmap " + name + " in " + bitmaps);
    }

    @Test
    void queryBlockHasThe24ShapeWithTheImageChain() throws Exception {
        try (QmpClient c = qmpd.client()) {
            JsonNode info = c.ok("query-block").get(0);
            assertEquals("", info.get("device").asText(), "a -blockdev node has an anonymous backend");
            assertEquals("unknown", info.get("type").asText());
            assertEquals("ok", info.get("io-status").asText(), "the device enables io-status");
            assertFalse(info.has("dirty-bitmaps"));
            JsonNode ins = info.get("inserted");
            for (String f : List.of("file", "node-name", "ro", "drv", "backing_file_depth", "encrypted",
                    "encryption_key_missing", "detect_zeroes", "bps", "bps_rd", "bps_wr", "iops", "iops_rd", "iops_wr",
                    "image", "cache", "write_threshold")) {
                assertTrue(ins.has(f), "inserted." + f + " in " + ins);
            }
            assertEquals("qcow2", ins.get("drv").asText());
            assertEquals("drive0", ins.get("node-name").asText());
            assertEquals(image.toString(), ins.get("file").asText());
            JsonNode img = ins.get("image");
            assertEquals(67108864, img.get("virtual-size").asLong());
            assertEquals(65536, img.get("cluster-size").asInt());
            assertFalse(img.get("dirty-flag").asBoolean());
            assertTrue(img.get("actual-size").asLong() > 0);
            assertEquals(QmpClient.JSON.readTree("{\"type\":\"qcow2\",\"data\":{\"compat\":\"1.1\",\"lazy-refcounts\":false,\"refcount-bits\":16,\"corrupt\":false}}"),
                    img.get("format-specific"));
            assertEquals(QmpClient.JSON.readTree("{\"writeback\":true,\"direct\":false,\"no-flush\":false}"), ins.get("cache"));

            JsonNode nodes = c.ok("query-named-block-nodes");
            assertEquals("file0", nodes.get(0).get("node-name").asText(), "children are named first, as 2.4 opens them");
            assertEquals("drive0", nodes.get(1).get("node-name").asText());
            assertEquals("file", nodes.get(0).get("drv").asText());
            assertFalse(nodes.get(0).get("image").has("cluster-size"));

            JsonNode stats = c.ok("query-blockstats", args("query-nodes", true));
            assertEquals(nodes.size(), stats.size());
            assertEquals("drive0", stats.get(1).get("node-name").asText());
            JsonNode st = stats.get(1).get("stats");
            for (String f : List.of("rd_bytes", "wr_bytes", "rd_operations", "wr_operations", "flush_operations",
                    "flush_total_time_ns", "wr_total_time_ns", "rd_total_time_ns", "wr_highest_offset", "rd_merged", "wr_merged")) {
                assertTrue(st.has(f), f);
            }
            assertEquals("file0", stats.get(1).get("parent").get("node-name").asText());
            assertFalse(stats.get(1).has("backing"));
        }
    }

    @Test
    void dirtyBitmapsCountTheTranscriptsWritesInBytes() throws Exception {
        try (QmpClient c = qmpd.client()) {
            c.ok("block-dirty-bitmap-add", args("node", "drive0", "name", "bm0"));
            c.ok("block-dirty-bitmap-add", args("node", "drive0", "name", "bm1", "granularity", 131072));
            for (long g : new long[] {1000, 1, 0, 256}) {
                assertEquals("Granularity must be power of 2 and at least 512",
                        c.error("block-dirty-bitmap-add", args("node", "drive0", "name", "bad", "granularity", g)).get("desc").asText());
            }
            c.ok("block-dirty-bitmap-add", args("node", "drive0", "name", "big", "granularity", 2147483648L));
            assertEquals("Parameter 'granularity' expects uint32_t",
                    c.error("block-dirty-bitmap-add", args("node", "drive0", "name", "toobig", "granularity", 4294967296L)).get("desc").asText());
            assertEquals("Parameter 'granularity' expects uint32_t",
                    c.error("block-dirty-bitmap-add", args("node", "drive0", "name", "neg", "granularity", -512)).get("desc").asText());
            JsonNode dup = c.error("block-dirty-bitmap-add", args("node", "drive0", "name", "bm0"));
            assertEquals("GenericError", dup.get("class").asText());
            assertEquals("Bitmap already exists: bm0", dup.get("desc").asText());
            JsonNode nosuch = c.error("block-dirty-bitmap-add", args("node", "nosuchnode", "name", "bmX"));
            assertEquals("GenericError", nosuch.get("class").asText(), "DESIGN.md: GenericError with the code's text");
            assertEquals("Cannot find device=nosuchnode nor node_name=nosuchnode", nosuch.get("desc").asText());
            assertEquals("Bitmap name cannot be empty",
                    c.error("block-dirty-bitmap-add", args("node", "drive0", "name", "")).get("desc").asText());
            c.ok("block-dirty-bitmap-add", args("node", "file0", "name", "onfile"));

            JsonNode bms = bitmaps(c);
            assertEquals("big", bms.get(0).get("name").asText(), "newest first");
            assertEquals("bm0", bms.get(2).get("name").asText());
            JsonNode bm1 = bms.get(1);
            assertEquals(4, bm1.size());
            assertEquals("bm1", bm1.get("name").asText());
            assertEquals(0, bm1.get("count").asLong());
            assertEquals(131072, bm1.get("granularity").asLong());
            assertEquals("active", bm1.get("status").asText());

            String wrote = HostTools.hmp(c, "qemu-io drive0 \"write -P 0xab 0 64k\"");
            assertTrue(wrote.startsWith("wrote 65536/65536 bytes at offset 0\r\n64 KiB, 1 ops; "), wrote);
            HostTools.hmp(c, "qemu-io drive0 \"write -P 0xcd 1M 4k\"");
            assertFalse(HostTools.hmp(c, "qemu-io drive0 \"read -P 0xab 0 64k\"").contains("Pattern verification failed"));
            assertTrue(HostTools.hmp(c, "qemu-io drive0 \"read -P 0xcd 0 512\"").contains("Pattern verification failed at offset 0, 512 bytes"));
            assertEquals("Device 'nosuchdev' not found\r\n", HostTools.hmp(c, "qemu-io nosuchdev \"write 0 4k\""));

            bms = bitmaps(c);
            assertEquals(131072, count(bms, "bm0"));
            assertEquals(262144, count(bms, "bm1"));
            assertEquals(2147483648L, count(bms, "big"));

            c.ok("block-dirty-bitmap-clear", args("node", "drive0", "name", "bm0"));
            assertEquals(0, count(bitmaps(c), "bm0"));
            assertEquals("Dirty bitmap 'nosuch' not found",
                    c.error("block-dirty-bitmap-clear", args("node", "drive0", "name", "nosuch")).get("desc").asText());
            for (String n : List.of("bm0", "bm1", "big")) {
                c.ok("block-dirty-bitmap-remove", args("node", "drive0", "name", n));
            }
            assertEquals("Dirty bitmap 'bm0' not found",
                    c.error("block-dirty-bitmap-remove", args("node", "drive0", "name", "bm0")).get("desc").asText());
            assertTrue(c.ok("query-named-block-nodes").size() == 2);
            c.ok("block-dirty-bitmap-remove", args("node", "file0", "name", "onfile"));
            assertEquals("Node 'nosuchnode' not found",
                    c.error("block-dirty-bitmap-remove", args("node", "nosuchnode", "name", "bm0")).get("desc").asText());
            assertFalse(c.ok("query-block").get(0).has("dirty-bitmaps"));
        }
    }

    @Test
    void writeThresholdFiresOnceWithTheTranscriptsAmount() throws Exception {
        try (QmpClient c = qmpd.client()) {
            c.ok("block-set-write-threshold", args("node-name", "drive0", "write-threshold", 8388608));
            assertEquals("Device 'nosuchnode' not found",
                    c.error("block-set-write-threshold", args("node-name", "nosuchnode", "write-threshold", 1)).get("desc").asText());
            assertEquals(8388608, c.ok("query-named-block-nodes").get(1).get("write_threshold").asLong());
            assertEquals(8388608, c.ok("query-block").get(0).get("inserted").get("write_threshold").asLong());
            HostTools.hmp(c, "qemu-io drive0 \"write -P 0x11 0 64k\"");
            assertTrue(c.pendingEvents().stream().noneMatch(e -> e.get("event").asText().equals("BLOCK_WRITE_THRESHOLD")));
            HostTools.hmp(c, "qemu-io drive0 \"write -P 0x22 8320k 64k\"");
            JsonNode ev = c.event("BLOCK_WRITE_THRESHOLD", e -> true, Duration.ofSeconds(5));
            JsonNode data = ev.get("data");
            assertEquals(3, data.size());
            assertEquals("drive0", data.get("node-name").asText());
            assertEquals(196608, data.get("amount-exceeded").asLong());
            assertEquals(8388608, data.get("write-threshold").asLong());
            assertEquals(0, c.ok("query-named-block-nodes").get(1).get("write_threshold").asLong(), "one shot");
            HostTools.hmp(c, "qemu-io drive0 \"write -P 0x22 9M 64k\"");
            c.ok("block-set-write-threshold", args("node-name", "drive0", "write-threshold", 0));
        }
    }

    @Test
    void statisticsCountQemuIoAsTheDevicesIo() throws Exception {
        try (QmpClient c = qmpd.client()) {
            JsonNode before = c.ok("query-blockstats").get(0).get("stats");
            HostTools.hmp(c, "qemu-io drive0 \"write -P 0x42 16M 8k\"");
            HostTools.hmp(c, "qemu-io drive0 \"read 16M 4k\"");
            HostTools.hmp(c, "qemu-io drive0 flush");
            JsonNode after = c.ok("query-blockstats").get(0).get("stats");
            assertEquals(1, after.get("wr_operations").asLong() - before.get("wr_operations").asLong());
            assertEquals(8192, after.get("wr_bytes").asLong() - before.get("wr_bytes").asLong());
            assertEquals(4096, after.get("rd_bytes").asLong() - before.get("rd_bytes").asLong());
            assertEquals(1, after.get("flush_operations").asLong() - before.get("flush_operations").asLong());
            assertTrue(after.get("wr_highest_offset").asLong() >= (16 << 20) + 8192 - 512);
            assertTrue(after.get("wr_total_time_ns").asLong() > before.get("wr_total_time_ns").asLong());
        }
    }

    @Test
    void badInputGets24sErrorsBeforeAnySideEffect() throws Exception {
        try (QmpClient c = qmpd.client()) {
            Map<String, Object> file = args("driver", "file", "filename", dir.resolve("missing.qcow2").toString());
            assertEquals("Block device needs an ID",
                    c.error("blockdev-add", args("options", args("driver", "qcow2", "file", file))).get("desc").asText());
            assertEquals("Parameter 'driver' is missing",
                    c.error("blockdev-add", args("options", args("id", "d1"))).get("desc").asText());
            assertEquals("Could not open '" + dir.resolve("missing.qcow2") + "': No such file or directory",
                    c.error("blockdev-add", args("options", args("driver", "qcow2", "id", "d1", "file", file))).get("desc").asText());
            assertEquals("Invalid parameter 'nosuchfmt'",
                    c.error("blockdev-add", args("options", args("driver", "nosuchfmt", "id", "d1"))).get("desc").asText());
            assertEquals("Unknown driver 'vmdk'",
                    c.error("blockdev-add", args("options", args("driver", "vmdk", "id", "d1", "file", file))).get("desc").asText());
            assertEquals("aio=native requires cache.direct=true",
                    c.error("blockdev-add", args("options", args("driver", "raw", "id", "d1", "aio", "native", "file", file))).get("desc").asText());
            assertEquals("Invalid parameter type for 'read-only', expected: boolean",
                    c.error("blockdev-add", args("options", args("driver", "null-co", "id", "d1", "read-only", "on"))).get("desc").asText());
            assertEquals("Duplicate node name",
                    c.error("blockdev-add", args("options", args("driver", "null-co", "id", "d1", "node-name", "file0"))).get("desc").asText());
            assertEquals(1, c.ok("query-block").size(), "nothing was left behind");
            assertEquals(2, c.ok("query-named-block-nodes").size());

            c.ok("blockdev-add", args("options", args("driver", "null-co", "id", "nul0", "node-name", "nulnode", "size", 1 << 20)));
            assertEquals("Duplicate ID 'nul0' for drive",
                    c.error("blockdev-add", args("options", args("driver", "null-co", "id", "nul0"))).get("desc").asText());
            JsonNode nul = c.ok("query-block").get(1);
            assertEquals("nul0", nul.get("device").asText());
            assertEquals("null-co", nul.get("inserted").get("drv").asText());
            assertFalse(nul.has("io-status"), "no device attached");
            assertEquals("Parameter 'size' expects a >0 size",
                    c.error("block_resize", args("device", "nul0", "size", -1)).get("desc").asText());
            c.ok("block_resize", args("device", "nul0", "size", 2 << 20));
            assertEquals(2 << 20, c.ok("query-block").get(1).get("inserted").get("image").get("virtual-size").asLong());
            assertEquals("Cannot find device=nosuch nor node_name=",
                    c.error("block_resize", args("device", "nosuch", "size", 1)).get("desc").asText());
        }
    }
}
