package org.qmpd.launcher.it.block;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;
import org.qmpd.launcher.it.HostTools;
import org.qmpd.launcher.it.QmpClient;
import org.qmpd.launcher.it.QmpdProcess;

/**
 * A qcow2 image written hard by several NBD clients at once survives a {@code kill -9} of qmpd:
 * {@code qemu-img check} may find leaked clusters, never corruption.
 */
class CrashConsistencyIT {
    @Test
    void killDuringHeavyWritesLeavesNoCorruption() throws Exception {
        assumeTrue(HostTools.present("qemu-img"));
        Path dir = QmpdProcess.tempDir("crash");
        Path sock = dir.resolve("nbd.sock");
        for (String cluster : new String[] {"4k", "64k"}) {
            Path image = dir.resolve("crash-" + cluster + ".qcow2");
            HostTools.run("qemu-img", "create", "-f", "qcow2", "-o", "cluster_size=" + cluster, image.toString(), "256M");
            QmpdProcess qmpd = QmpdProcess.startTcp("-drive", "file=" + image + ",if=none,id=d0,format=qcow2,discard=unmap");
            AtomicLong writes = new AtomicLong();
            List<Thread> load = new ArrayList<>();
            try (QmpClient c = qmpd.client()) {
                HostTools.awaitBlock(c, 1, 0);
                c.ok("nbd-server-start", Map.of("addr", Tools.unixAddr(sock)));
                c.ok("nbd-server-add", Map.of("device", "d0", "writable", true));
                for (int t = 0; t < 4; t++) {
                    final int seed = t;
                    Thread th = new Thread(() -> hammer(sock, seed, writes));
                    th.start();
                    load.add(th);
                }
                long deadline = System.nanoTime() + 10_000_000_000L;
                while (writes.get() < 3000 && System.nanoTime() < deadline) {
                    Thread.sleep(20);
                }
                qmpd.kill();
            }
            for (Thread th : load) {
                th.join(10_000);
            }
            assertTrue(writes.get() > 100, "the load ran: " + writes.get() + " writes");
            HostTools.Result check = HostTools.exec("qemu-img", "check", image.toString());
            // 0: clean; 3: leaked clusters only. 2 would be corruption.
            assertTrue(check.exit() == 0 || check.exit() == 3, check.output());
            assertFalse(check.output().contains("ERROR"), check.output());
        }
    }

    /** Random writes, zeroes and trims of random sizes until the server goes away. */
    private static void hammer(Path sock, int seed, AtomicLong writes) {
        Random rnd = new Random(seed);
        byte[] buf = new byte[256 << 10];
        rnd.nextBytes(buf);
        try (NbdTestClient n = NbdTestClient.connect(sock, "d0")) {
            while (true) {
                long off = (long) rnd.nextInt(256 << 20 >> 9) << 9;
                int len = Math.min((1 + rnd.nextInt(buf.length >> 9)) << 9, (int) ((256L << 20) - off));
                int op = rnd.nextInt(10);
                if (op < 8) {
                    n.request(NbdTestClient.CMD_WRITE, off, len, java.nio.ByteBuffer.wrap(buf, 0, len), null);
                } else if (op < 9) {
                    n.request(NbdTestClient.CMD_WRITE_ZEROES, off, len, null, null);
                } else {
                    n.request(NbdTestClient.CMD_TRIM, off, len, null, null);
                }
                writes.incrementAndGet();
            }
        } catch (IOException e) {
            // qmpd was killed
        }
    }
}
