package org.qmpd.launcher.it.block;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.Test;
import org.qmpd.launcher.it.HostTools;
import org.qmpd.launcher.it.QmpClient;
import org.qmpd.launcher.it.QmpdProcess;

/**
 * Real NBD clients against qmpd's exports: {@code qemu-io} and {@code nbdcopy} write an image
 * through qmpd while a copy of it receives the same writes from the tools directly; after qmpd
 * stops, {@code qemu-img check} finds the image clean and {@code qemu-img compare} finds both
 * identical. Also: read-only exports, error injection with blkdebug, and many clients at once.
 */
class NbdInteropIT {
    static final String[] WRITES = {
        "write -P 0x11 0 1M",
        "write -P 0x22 3M 64k",
        "write -P 0x33 4608 1536",
        "write -P 0x44 1000 3000",
        "write -z 512k 128k",
        "write -P 0x55 7M 2M",
        "discard 40M 1M",
        "write -z 16M 4M",
        "write -P 0x66 63M 1M",
    };

    @Test
    void writesThroughNbdMatchTheSameWritesMadeDirectly() throws Exception {
        assumeTrue(HostTools.present("qemu-img") && HostTools.present("qemu-io") && HostTools.present("nbdcopy"));
        for (String format : new String[] {"qcow2", "raw"}) {
            Path dir = QmpdProcess.tempDir("nbd-interop");
            Path image = dir.resolve("a." + format);
            Path reference = dir.resolve("b." + format);
            Path sock = dir.resolve("nbd.sock");
            HostTools.run("qemu-img", "create", "-f", format, image.toString(), "64M");
            Files.copy(image, reference, StandardCopyOption.REPLACE_EXISTING);
            Path random = dir.resolve("random.bin");
            byte[] noise = new byte[5 << 20];
            new Random(42).nextBytes(noise);
            Files.write(random, noise);

            QmpdProcess qmpd = QmpdProcess.startTcp("-drive", "file=" + image + ",if=none,id=drive0,discard=unmap,format=" + format);
            try (QmpClient c = qmpd.client()) {
                HostTools.awaitBlock(c, 1, 0);
                c.ok("nbd-server-start", Map.of("addr", Tools.unixAddr(sock)));
                c.ok("nbd-server-add", Map.of("device", "drive0", "writable", true));
                String uri = Tools.nbdUri(sock, "drive0");
                // nbdcopy first (it writes the whole source from offset 0), then qemu-io on top
                HostTools.run("nbdcopy", random.toString(), uri);
                String out = HostTools.qemuIo("raw", uri, WRITES);
                assertTrue(out.contains("wrote 1048576/1048576 bytes at offset 0"), out);
                String check = HostTools.qemuIo("raw", uri, "read -P 0x11 128k 256k", "read -P 0x66 63M 1M", "read -P 0 16M 4M");
                assertTrue(!check.contains("Pattern verification failed"), check);
                JsonNode stats = c.ok("query-blockstats").get(0).get("stats");
                assertTrue(stats.get("wr_operations").asLong() >= WRITES.length, stats.toString());
                assertTrue(stats.get("rd_bytes").asLong() >= (5 << 20) + (256 << 10), stats.toString());
            }
            assertEquals(0, qmpd.terminate());

            HostTools.run("nbdcopy", random.toString(), "--", "[", "qemu-nbd", "-f", format, reference.toString(), "]");
            HostTools.qemuIo(format, reference.toString(), WRITES);
            if (format.equals("qcow2")) {
                String check = HostTools.run("qemu-img", "check", image.toString());
                assertTrue(check.contains("No errors were found on the image."), check);
            }
            String cmp = HostTools.run("qemu-img", "compare", "-f", format, "-F", format, image.toString(), reference.toString());
            assertTrue(cmp.contains("Images are identical."), cmp);
        }
    }

    @Test
    void readOnlyExportsRefuseWritesWithEpermAndServeReads() throws Exception {
        Path dir = QmpdProcess.tempDir("nbd-ro");
        Path sock = dir.resolve("nbd.sock");
        try (QmpdProcess qmpd = QmpdProcess.startTcp(); QmpClient c = qmpd.client()) {
            c.ok("blockdev-add", Map.of("options", Map.of("driver", "null-co", "id", "nul", "size", 1 << 20)));
            assertEquals("NBD server not running", c.error("nbd-server-add", Map.of("device", "nul")).get("desc").asText());
            c.ok("nbd-server-start", Map.of("addr", Tools.unixAddr(sock)));
            assertEquals("NBD server already running",
                    c.error("nbd-server-start", Map.of("addr", Tools.unixAddr(sock))).get("desc").asText());
            JsonNode nf = c.error("nbd-server-add", Map.of("device", "nosuch"));
            assertEquals("DeviceNotFound", nf.get("class").asText());
            assertEquals("Device 'nosuch' not found", nf.get("desc").asText());
            c.ok("nbd-server-add", Map.of("device", "nul"));
            assertEquals("NBD server already exporting device 'nul'",
                    c.error("nbd-server-add", Map.of("device", "nul")).get("desc").asText());

            try (NbdTestClient n = NbdTestClient.connect(sock, "nul")) {
                assertEquals(1 << 20, n.size);
                assertTrue((n.flags & 2) != 0, "NBD_FLAG_READ_ONLY");
                assertEquals(1, n.write(0, new byte[512]), "NBD_EPERM");
                assertEquals(1, n.request(NbdTestClient.CMD_TRIM, 0, 512, null, null));
                assertEquals(1, n.request(NbdTestClient.CMD_WRITE_ZEROES, 0, 512, null, null));
                assertEquals(22, n.request(NbdTestClient.CMD_READ, (1 << 20) - 10, 512, null, null), "NBD_EINVAL past the end");
                ByteBuffer got = ByteBuffer.allocate(4096);
                assertEquals(0, n.request(NbdTestClient.CMD_READ, 0, 4096, null, got));
                assertEquals(0, n.request(NbdTestClient.CMD_FLUSH, 0, 0, null, null));
            }
            String list = HostTools.run("nbdinfo", "--list", Tools.nbdUri(sock, ""));
            assertTrue(list.contains("export=\"nul\""), list);
            assertTrue(list.contains("is_read_only: true"), list);
            c.ok("nbd-server-stop");
            c.ok("nbd-server-stop");
            assertEquals("NBD server not running", c.error("nbd-server-add", Map.of("device", "nul")).get("desc").asText());
        }
    }

    @Test
    void adjacentQueuedRequestsAreMergedAndCountedAndExportNameStillWorks() throws Exception {
        Path dir = QmpdProcess.tempDir("nbd-merge");
        Path sock = dir.resolve("nbd.sock");
        Path image = dir.resolve("m.raw");
        Files.write(image, new byte[4 << 20]);
        try (QmpdProcess qmpd = QmpdProcess.startTcp("-drive", "file=" + image + ",if=none,id=m,format=raw");
                QmpClient c = qmpd.client()) {
            HostTools.awaitBlock(c, 1, 0);
            c.ok("nbd-server-start", Map.of("addr", Tools.unixAddr(sock)));
            c.ok("nbd-server-add", Map.of("device", "m", "writable", true));
            assertEquals(null, NbdTestClient.connectByExportName(sock, "nosuch"), "unknown export: hang up");
            try (NbdTestClient n = NbdTestClient.connectByExportName(sock, "m")) {
                assertEquals(4 << 20, n.size);
                byte[] block = new byte[4096];
                long merged = 0;
                for (int round = 0; round < 20 && merged == 0; round++) {
                    for (int i = 0; i < 16; i++) {
                        java.util.Arrays.fill(block, (byte) (i + 1));
                        n.sendWrite((round * 16L + i) * 4096, block);
                    }
                    for (int i = 0; i < 16; i++) {
                        assertEquals(0, n.readReply());
                    }
                    merged = c.ok("query-blockstats").get(0).get("stats").get("wr_merged").asLong();
                }
                JsonNode st = c.ok("query-blockstats").get(0).get("stats");
                assertTrue(merged > 0, "16 queued adjacent writes: some were merged " + st);
                assertEquals(0, st.get("wr_operations").asLong() % 16, "every request counts as an operation");
                ByteBuffer back = ByteBuffer.allocate(4096);
                assertEquals(0, n.request(NbdTestClient.CMD_READ, 5 * 4096, 4096, null, back));
                assertEquals(6, back.get(0));
            }
        }
    }

    @Test
    void injectedIoErrorsReachTheClientAndTheServerKeepsServing() throws Exception {
        assumeTrue(HostTools.present("qemu-io"));
        Path dir = QmpdProcess.tempDir("nbd-blkdebug");
        Path image = dir.resolve("disk.raw");
        Path conf = dir.resolve("blkdebug.conf");
        Path sock = dir.resolve("nbd.sock");
        HostTools.run("qemu-img", "create", "-f", "raw", image.toString(), "4M");
        Files.writeString(conf, "[inject-error]\nevent = \"read_aio\"\nerrno = \"5\"\nsector = \"2048\"\n\n"
                + "[inject-error]\nevent = \"write_aio\"\nerrno = \"28\"\nsector = \"4096\"\n");
        try (QmpdProcess qmpd = QmpdProcess.startTcp("-drive",
                "file=blkdebug:" + conf + ":" + image + ",if=none,id=dbg,format=raw"); QmpClient c = qmpd.client()) {
            HostTools.awaitBlock(c, 1, 0);
            c.ok("nbd-server-start", Map.of("addr", Tools.unixAddr(sock)));
            c.ok("nbd-server-add", Map.of("device", "dbg", "writable", true));
            String uri = Tools.nbdUri(sock, "dbg");
            String out = HostTools.exec("qemu-io", "-f", "raw", "-c", "read 1M 4k", "-c", "read 0 4k", "-c", "write 2M 512",
                    "-c", "write 0 512", uri).output();
            assertTrue(out.contains("read failed: Input/output error"), out);
            assertTrue(out.contains("read 4096/4096 bytes at offset 0"), out);
            assertTrue(out.contains("write failed: No space left on device"), out);
            assertTrue(out.contains("wrote 512/512 bytes at offset 0"), out);
            String hmp = HostTools.hmp(c, "qemu-io dbg \"read 1M 512\"");
            assertEquals("read failed: Input/output error\r\n", hmp);
            try (NbdTestClient n = NbdTestClient.connect(sock, "dbg")) {
                assertEquals(5, n.request(NbdTestClient.CMD_READ, 1 << 20, 512, null, null), "NBD_EIO");
                assertEquals(28, n.write(2 << 20, new byte[512]), "NBD_ENOSPC");
                assertEquals(0, n.request(NbdTestClient.CMD_READ, 0, 512, null, null));
            }
            JsonNode st = c.ok("query-blockstats").get(0).get("stats");
            assertTrue(st.get("rd_operations").asLong() >= 5, st.toString());
        }
    }

    @Test
    void manyClientsAtOnceEachSeeTheirOwnWrites() throws Exception {
        Path dir = QmpdProcess.tempDir("nbd-many");
        Path image = dir.resolve("disk.qcow2");
        Path sock = dir.resolve("nbd.sock");
        HostTools.run("qemu-img", "create", "-f", "qcow2", image.toString(), "16M");
        try (QmpdProcess qmpd = QmpdProcess.startTcp("-drive", "file=" + image + ",if=none,id=d0"); QmpClient c = qmpd.client()) {
            HostTools.awaitBlock(c, 1, 0);
            c.ok("nbd-server-start", Map.of("addr", Tools.unixAddr(sock)));
            c.ok("nbd-server-add", Map.of("device", "d0", "writable", true));
            c.ok("block-dirty-bitmap-add", Map.of("node", "d0", "name", "b"));
            ExecutorService pool = Executors.newFixedThreadPool(8);
            List<Future<Integer>> results = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                final int id = t;
                results.add(pool.submit(() -> {
                    try (NbdTestClient n = NbdTestClient.connect(sock, "d0")) {
                        byte[] block = new byte[65536];
                        java.util.Arrays.fill(block, (byte) (id + 1));
                        int errors = 0;
                        for (int i = 0; i < 16; i++) {
                            errors += n.write((id * 2L + (i % 2)) * 65536 * 1, block);
                        }
                        ByteBuffer back = ByteBuffer.allocate(65536);
                        errors += n.request(NbdTestClient.CMD_READ, id * 2L * 65536, 65536, null, back);
                        for (byte b : back.array()) {
                            if (b != id + 1) {
                                errors++;
                                break;
                            }
                        }
                        n.request(NbdTestClient.CMD_DISC, 0, 0, null, null);
                        return errors;
                    }
                }));
            }
            for (Future<Integer> f : results) {
                assertEquals(0, f.get());
            }
            pool.shutdown();
            JsonNode bm = c.ok("query-block").get(0).get("dirty-bitmaps").get(0);
            assertEquals(16L * 65536, bm.get("count").asLong());
            c.ok("nbd-server-stop");
        }
        String check = HostTools.run("qemu-img", "check", image.toString());
        assertTrue(check.contains("No errors were found"), check);
    }
}
