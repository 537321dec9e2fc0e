package org.qmpd.launcher.it.rocker;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.qmpd.launcher.it.QmpClient;
import org.qmpd.launcher.it.QmpdProcess;

/**
 * Socket backends as QEMU's {@code -netdev socket} gives them: TCP {@code listen=} and
 * {@code connect=} carrying length-prefixed frames, a port's link following its backend's
 * connection, {@code netdev_del} taking the link down, and 2.4's errors.
 */
class RockerBackendsIT {
    static final long A = 0x5254_00bb_0001L;
    static final long B = 0x5254_00bb_0002L;

    static QmpdProcess qmpd;
    static QmpClient qmp;

    @BeforeAll
    static void start() throws Exception {
        qmpd = SharedQmpd.get();
        qmp = qmpd.client();
    }

    @AfterAll
    static void closeClient() throws Exception {
        qmp.close();
    }

    private static boolean linkUp(String sw, int pport) throws Exception {
        return qmp.ok("query-rocker-ports", Map.of("name", sw)).get(pport - 1).get("link-up").asBoolean();
    }

    private static void awaitLink(String sw, int pport, boolean up) throws Exception {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (linkUp(sw, pport) != up) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(sw + " pport " + pport + " link never went " + (up ? "up" : "down"));
            }
            Thread.sleep(10);
        }
    }

    /** Two access ports on VLAN 100 that flood to each other. */
    private static void bridge(String sw) throws Exception {
        qmp.ok("x-rocker-of-dpa-flow-add", Map.of("name", sw, "cookie", 1, "key", Map.of("priority", 1, "tbl-id", 0, "in-pport", 0),
                "mask", Map.of("in-pport", 0xffff0000L), "action", Map.of("goto-tbl", 10)));
        for (int p = 1; p <= 2; p++) {
            qmp.ok("x-rocker-of-dpa-flow-add", Map.of("name", sw, "cookie", 10 + p,
                    "key", Map.of("priority", 1, "tbl-id", 10, "in-pport", p, "vlan-id", 0), "action", Map.of("goto-tbl", 20, "new-vlan-id", 100)));
            qmp.ok("x-rocker-of-dpa-group-add", Map.of("name", sw, "type", 0, "vlan-id", 100, "pport", p, "out-pport", p, "pop-vlan", 1));
        }
        qmp.ok("x-rocker-of-dpa-group-add", Map.of("name", sw, "type", 4, "vlan-id", 100, "index", 1,
                "group-ids", new long[] {100 << 16 | 1, 100 << 16 | 2}));
        qmp.ok("x-rocker-of-dpa-flow-add", Map.of("name", sw, "cookie", 50, "key", Map.of("priority", 1, "tbl-id", 50, "vlan-id", 100),
                "action", Map.of("goto-tbl", 60, "group-id", 4L << 28 | 100 << 16 | 1)));
    }

    private static void writeFrame(Socket s, byte[] frame) throws Exception {
        DataOutputStream out = new DataOutputStream(s.getOutputStream());
        out.writeInt(frame.length);
        out.write(frame);
        out.flush();
    }

    private static byte[] readFrame(Socket s) throws Exception {
        DataInputStream in = new DataInputStream(s.getInputStream());
        byte[] frame = new byte[in.readInt()];
        in.readFully(frame);
        return frame;
    }

    @Test
    void framesCrossBetweenUdpAndTcpBackendsWhileTheLinksAreUp() throws Exception {
        try (DatagramSocket udp = new DatagramSocket(new InetSocketAddress(SwitchRig.LOOPBACK, 0))) {
            udp.setSoTimeout(5000);
            int udpLocal = SwitchRig.freeUdpPort();
            int listen = freeTcpPort();
            qmp.ok("netdev_add", Map.of("type", "socket", "id", "bk-u", "udp", "127.0.0.1:" + udp.getLocalPort(),
                    "localaddr", "127.0.0.1:" + udpLocal));
            qmp.ok("netdev_add", Map.of("type", "socket", "id", "bk-l", "listen", "127.0.0.1:" + listen));
            qmp.ok("device_add", Map.of("driver", "rocker", "id", "dev-bk", "name", "bk", "len-ports", 2, "fp_start_macaddr", SharedQmpd.macFor("bk"),
                    "ports[0]", "bk-u", "ports[1]", "bk-l"));
            assertEquals(false, linkUp("bk", 1), "not enabled yet");
            for (int p = 1; p <= 2; p++) {
                qmp.ok("x-rocker-port-set", Map.of("name", "bk", "pport", p, "enable", true, "learning", false));
            }
            assertEquals(true, linkUp("bk", 1));
            assertEquals(false, linkUp("bk", 2), "no connection yet");
            bridge("bk");
            try (Socket tcp = new Socket("127.0.0.1", listen)) {
                tcp.setSoTimeout(5000);
                awaitLink("bk", 2, true);
                byte[] fromTcp = Frames.ethernet(B, A, 0, 0x0800, Frames.ipv4(1, 2, 64, 17, 100));
                writeFrame(tcp, fromTcp);
                byte[] buf = new byte[2048];
                DatagramPacket p = new DatagramPacket(buf, buf.length);
                udp.receive(p);
                assertEquals(Frames.hex(fromTcp), Frames.hex(java.util.Arrays.copyOf(buf, p.getLength())));

                byte[] fromUdp = Frames.ethernet(A, B, 0, 0x0800, Frames.ipv4(2, 1, 64, 17, 1400));
                udp.send(new DatagramPacket(fromUdp, fromUdp.length, new InetSocketAddress(SwitchRig.LOOPBACK, udpLocal)));
                assertArrayEquals(fromUdp, readFrame(tcp));

                qmp.ok("x-rocker-port-set", Map.of("name", "bk", "pport", 2, "link", false));
                assertEquals(false, linkUp("bk", 2), "link set down");
                qmp.ok("x-rocker-port-set", Map.of("name", "bk", "pport", 2, "link", true));
                assertEquals(true, linkUp("bk", 2));
            }
            awaitLink("bk", 2, false);
            // a listening backend takes the next connection
            try (Socket again = new Socket("127.0.0.1", listen)) {
                awaitLink("bk", 2, true);
            }
            qmp.ok("netdev_del", Map.of("id", "bk-u"));
            assertEquals(false, linkUp("bk", 1), "its backend is gone");
            JsonNode err = qmp.error("netdev_del", Map.of("id", "bk-u"));
            assertEquals("DeviceNotFound", err.get("class").asText());
            assertEquals("Device 'bk-u' not found", err.get("desc").asText());
        }
    }

    @Test
    void aConnectingBackendLinksToAListeningPeer() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, SwitchRig.LOOPBACK)) {
            server.setSoTimeout(5000);
            qmp.ok("netdev_add", Map.of("type", "socket", "id", "cn-c", "connect", "127.0.0.1:" + server.getLocalPort()));
            try (Socket peer = server.accept()) {
                peer.setSoTimeout(5000);
                qmp.ok("device_add", Map.of("driver", "rocker", "id", "dev-cn", "name", "cn", "len-ports", 2, "ports[1]", "cn-c",
                        "fp_start_macaddr", SharedQmpd.macFor("cn")));
                qmp.ok("x-rocker-port-set", Map.of("name", "cn", "pport", 2, "enable", true, "learning", false));
                assertEquals(true, linkUp("cn", 2));
                bridge("cn");
                // a second port on a TCP backend attached later, through x-rocker-port-set
                int listen = freeTcpPort();
                qmp.ok("netdev_add", Map.of("type", "socket", "id", "cn-l", "listen", "127.0.0.1:" + listen));
                qmp.ok("x-rocker-port-set", Map.of("name", "cn", "pport", 1, "enable", true, "learning", false, "netdev", "cn-l"));
                try (Socket other = new Socket("127.0.0.1", listen)) {
                    other.setSoTimeout(5000);
                    awaitLink("cn", 1, true);
                    byte[] frame = Frames.ethernet(0xffff_ffff_ffffL, A, 0, 0x0806, new byte[28]);
                    writeFrame(other, frame);
                    assertArrayEquals(frame, readFrame(peer));
                }
            }
            awaitLink("cn", 2, false);
        }
    }

    @Test
    void badBackendsAreRefusedWithQemusWords() throws Exception {
        String[][] cases = {
            {"{\"type\": \"socket\", \"id\": \"e1\"}", "Device 'socket' could not be initialized"},
            {"{\"type\": \"socket\", \"id\": \"e1\", \"udp\": \"127.0.0.1:1\"}", "Device 'socket' could not be initialized"},
            {"{\"type\": \"socket\", \"id\": \"e1\", \"listen\": \"127.0.0.1:1\", \"localaddr\": \"127.0.0.1:2\"}",
                "Device 'socket' could not be initialized"},
            {"{\"type\": \"socket\", \"id\": \"e1\", \"connect\": \"127.0.0.1:" + freeTcpPort() + "\"}",
                "Device 'socket' could not be initialized"},
            {"{\"type\": \"user\", \"id\": \"e1\"}", "Parameter 'type' expects a netdev backend type"},
            {"{\"type\": \"nosuch\", \"id\": \"e1\"}", "Invalid parameter 'nosuch'"},
            {"{\"type\": \"socket\"}", "Parameter 'id' is missing"},
            {"{\"type\": \"socket\", \"id\": \"1x\"}", "Parameter 'id' expects an identifier"},
            {"{\"id\": \"e1\"}", "Parameter 'type' is missing"},
            {"{\"type\": \"socket\", \"id\": \"e1\", \"listen\": \"127.0.0.1:1\", \"bogus\": \"1\"}", "Invalid parameter 'bogus'"},
        };
        for (String[] c : cases) {
            JsonNode err = qmp.error("netdev_add", QmpClient.JSON.readTree(c[0]));
            assertEquals(c[1], err.get("desc").asText(), c[0]);
        }
        int local = SwitchRig.freeUdpPort();
        qmp.ok("netdev_add", Map.of("type", "socket", "id", "dup", "udp", "127.0.0.1:9", "localaddr", "127.0.0.1:" + local));
        assertEquals("Duplicate ID 'dup' for netdev", qmp.error("netdev_add",
                Map.of("type", "socket", "id", "dup", "udp", "127.0.0.1:9", "localaddr", "127.0.0.1:" + SwitchRig.freeUdpPort()))
                .get("desc").asText());
    }

    @Test
    void aBadNetdevOnTheCommandLineStopsStartUp() throws Exception {
        try (QmpdProcess bad = QmpdProcess.startTcp("-netdev", "socket,id=n0")) {
            assertEquals(1, bad.waitFor(30));
            assertTrue(bad.stderr().contains("qmpd: -netdev socket,id=n0: Device 'socket' could not be initialized"), bad.stderr().toString());
            assertTrue(bad.stderr().contains("qmpd: exactly one of fd=, listen=, connect=, mcast= or udp= is required"),
                    bad.stderr().toString());
        }
    }

    static int freeTcpPort() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 1, SwitchRig.LOOPBACK)) {
            return s.getLocalPort();
        }
    }
}
