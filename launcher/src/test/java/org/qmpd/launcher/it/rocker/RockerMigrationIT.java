package org.qmpd.launcher.it.rocker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.Test;
import org.qmpd.launcher.it.QmpClient;
import org.qmpd.launcher.it.QmpdProcess;

/**
 * A switch migrates between two qmpd processes with its ports' settings and its flow and
 * group tables, hit counts and learned flows included (QEMU refuses: its rocker is
 * unmigratable), and forwards on the destination's own backends.
 */
class RockerMigrationIT {
    static final long A = 0x5254_00cc_0001L;
    static final long B = 0x5254_00cc_0002L;

    /** Two UDP test sockets and the two switch-side ports of a qmpd's -netdev options. */
    static final class Ends implements AutoCloseable {
        final DatagramSocket[] host = new DatagramSocket[3];
        final int[] local = new int[3];

        Ends() throws Exception {
            for (int p = 1; p <= 2; p++) {
                host[p] = new DatagramSocket(new InetSocketAddress(SwitchRig.LOOPBACK, 0));
                host[p].setSoTimeout(5000);
                local[p] = SwitchRig.freeUdpPort();
            }
        }

        String[] args(String... more) {
            String[] a = new String[6 + more.length];
            for (int p = 1; p <= 2; p++) {
                a[2 * p - 2] = "-netdev";
                a[2 * p - 1] = "socket,id=m" + p + ",udp=127.0.0.1:" + host[p].getLocalPort() + ",localaddr=127.0.0.1:" + local[p];
            }
            a[4] = "-device";
            a[5] = "rocker,name=mg,len-ports=2,ports[0]=m1,ports[1]=m2";
            System.arraycopy(more, 0, a, 6, more.length);
            return a;
        }

        void send(int p, byte[] frame) throws Exception {
            host[p].send(new DatagramPacket(frame, frame.length, new InetSocketAddress(SwitchRig.LOOPBACK, local[p])));
        }

        byte[] receive(int p) throws Exception {
            byte[] buf = new byte[2048];
            DatagramPacket d = new DatagramPacket(buf, buf.length);
            host[p].receive(d);
            return Arrays.copyOf(buf, d.getLength());
        }

        @Override
        public void close() {
            host[1].close();
            host[2].close();
        }
    }

    private static boolean hasMigrate(QmpClient c) throws Exception {
        for (JsonNode cmd : c.ok("query-commands")) {
            if (cmd.get("name").asText().equals("migrate")) {
                return true;
            }
        }
        return false;
    }

    private static void program(QmpClient c) throws Exception {
        c.ok("x-rocker-of-dpa-flow-add", Map.of("name", "mg", "cookie", 1, "key", Map.of("priority", 1, "tbl-id", 0, "in-pport", 0),
                "mask", Map.of("in-pport", 0xffff0000L), "action", Map.of("goto-tbl", 10)));
        for (int p = 1; p <= 2; p++) {
            c.ok("x-rocker-of-dpa-flow-add", Map.of("name", "mg", "cookie", 10 + p,
                    "key", Map.of("priority", 1, "tbl-id", 10, "in-pport", p, "vlan-id", 0), "action", Map.of("goto-tbl", 20, "new-vlan-id", 100)));
            c.ok("x-rocker-of-dpa-group-add", Map.of("name", "mg", "type", 0, "vlan-id", 100, "pport", p, "out-pport", p, "pop-vlan", 1));
            c.ok("x-rocker-port-set", Map.of("name", "mg", "pport", p, "enable", true, "learning", p == 1));
        }
        c.ok("x-rocker-of-dpa-group-add", Map.of("name", "mg", "type", 4, "vlan-id", 100, "index", 1,
                "group-ids", new long[] {100 << 16 | 1, 100 << 16 | 2}));
        c.ok("x-rocker-of-dpa-flow-add", Map.of("name", "mg", "cookie", 50, "key", Map.of("priority", 1, "tbl-id", 50, "vlan-id", 100),
                "action", Map.of("goto-tbl", 60, "group-id", 4L << 28 | 100 << 16 | 1)));
    }

    @Test
    void switchesTravelWithTheirTablesAndForwardOnTheDestination() throws Exception {
        int migPort = RockerBackendsIT.freeTcpPort();
        try (Ends srcEnds = new Ends(); Ends dstEnds = new Ends();
             QmpdProcess src = QmpdProcess.startTcp(srcEnds.args("-m", "16M"));
             QmpClient s = src.client()) {
            org.junit.jupiter.api.Assumptions.assumeTrue(hasMigrate(s), "no migrate command in this distribution");
            try (QmpdProcess dst = QmpdProcess.startTcp(dstEnds.args("-m", "16M", "-incoming", "tcp:127.0.0.1:" + migPort));
                 QmpClient d = dst.client()) {
                program(s);
                byte[] fromA = Frames.ethernet(0xffff_ffff_ffffL, A, 0, 0x0806, new byte[28]);
                srcEnds.send(1, fromA);
                assertEquals(Frames.hex(fromA), Frames.hex(srcEnds.receive(2)));
                long learned = 4L << 60 | 100L << 48 | A;
                SwitchRig.awaitFlow(s, "mg", learned);
                byte[] toA = Frames.ethernet(A, B, 0, 0x0800, Frames.ipv4(2, 1, 64, 17, 30));
                srcEnds.send(2, toA);
                assertEquals(Frames.hex(toA), Frames.hex(srcEnds.receive(1)), "A was learned");
                assertFalse(s.ok("query-migrate").has("blocked-reasons"), "a rocker does not block migration here");

                JsonNode flows = s.ok("query-rocker-of-dpa-flows", Map.of("name", "mg"));
                JsonNode groups = s.ok("query-rocker-of-dpa-groups", Map.of("name", "mg"));
                JsonNode ports = s.ok("query-rocker-ports", Map.of("name", "mg"));
                assertEquals(5, flows.size(), "four programmed and one learned");

                s.ok("migrate", Map.of("uri", "tcp:127.0.0.1:" + migPort));
                long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
                while (!s.ok("query-migrate").path("status").asText().equals("completed")) {
                    assertTrue(System.nanoTime() < deadline, "the migration never completed: " + s.ok("query-migrate"));
                    Thread.sleep(20);
                }
                while (!d.ok("query-status").get("status").asText().equals("running")) {
                    assertTrue(System.nanoTime() < deadline, "the destination never ran");
                    Thread.sleep(20);
                }
                assertEquals(flows, d.ok("query-rocker-of-dpa-flows", Map.of("name", "mg")));
                assertEquals(groups, d.ok("query-rocker-of-dpa-groups", Map.of("name", "mg")));
                assertEquals(ports.toString().replace("\"link-up\":true", "\"link-up\":X"),
                        d.ok("query-rocker-ports", Map.of("name", "mg")).toString().replace("\"link-up\":true", "\"link-up\":X"));

                dstEnds.send(2, toA);
                assertEquals(Frames.hex(toA), Frames.hex(dstEnds.receive(1)), "the learned flow came along");
                for (JsonNode f : d.ok("query-rocker-of-dpa-flows", Map.of("name", "mg"))) {
                    if (f.get("cookie").asLong() == learned) {
                        assertEquals(2, f.get("hits").asLong());
                    }
                }
            }
        }
    }
}
