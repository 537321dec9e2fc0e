package org.qmpd.launcher.it.rocker;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.Closeable;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import org.qmpd.launcher.it.QmpClient;

/**
 * A switch made with {@code netdev_add} and {@code device_add} in a running qmpd, each port on
 * a UDP backend whose far end is a socket of this test: frames sent here arrive on the port,
 * frames the port sends arrive here. Ports are enabled, with learning off unless asked.
 */
final class SwitchRig implements Closeable {
    static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    final String name;
    final QmpClient qmp;
    private final DatagramSocket[] host;
    private final int[] switchPorts;

    private SwitchRig(String name, QmpClient qmp, int ports) {
        this.name = name;
        this.qmp = qmp;
        this.host = new DatagramSocket[ports + 1];
        this.switchPorts = new int[ports + 1];
    }

    static SwitchRig create(QmpClient qmp, String name, int ports) throws IOException {
        SwitchRig rig = new SwitchRig(name, qmp, ports);
        Map<String, Object> device = new LinkedHashMap<>();
        device.put("driver", "rocker");
        device.put("id", "dev-" + name);
        device.put("name", name);
        device.put("len-ports", ports);
        device.put("fp_start_macaddr", SharedQmpd.macFor(name));
        for (int p = 1; p <= ports; p++) {
            rig.host[p] = new DatagramSocket(new InetSocketAddress(LOOPBACK, 0));
            rig.host[p].setSoTimeout(5000);
            rig.switchPorts[p] = freeUdpPort();
            qmp.ok("netdev_add", Map.of("type", "socket", "id", name + "n" + p,
                    "udp", "127.0.0.1:" + rig.host[p].getLocalPort(), "localaddr", "127.0.0.1:" + rig.switchPorts[p]));
            device.put("ports[" + (p - 1) + "]", name + "n" + p);
        }
        qmp.ok("device_add", device);
        for (int p = 1; p <= ports; p++) {
            qmp.ok("x-rocker-port-set", Map.of("name", name, "pport", p, "enable", true, "learning", false));
        }
        return rig;
    }

    static int freeUdpPort() throws IOException {
        try (DatagramSocket s = new DatagramSocket(new InetSocketAddress(LOOPBACK, 0))) {
            return s.getLocalPort();
        }
    }

    void send(int pport, byte[] frame) throws IOException {
        host[pport].send(new DatagramPacket(frame, frame.length, new InetSocketAddress(LOOPBACK, switchPorts[pport])));
    }

    /** The next frame the switch sent out of {@code pport}. */
    byte[] receive(int pport) throws IOException {
        byte[] buf = new byte[65536];
        DatagramPacket p = new DatagramPacket(buf, buf.length);
        try {
            host[pport].receive(p);
        } catch (SocketTimeoutException e) {
            throw new AssertionError("no frame out of " + name + " pport " + pport);
        }
        return Arrays.copyOf(buf, p.getLength());
    }

    /** Asserts that the next frame out of {@code pport} is {@code expected}. */
    void expect(int pport, byte[] expected) throws IOException {
        assertEquals(Frames.hex(expected), Frames.hex(receive(pport)), "frame out of pport " + pport);
    }

    void flow(long cookie, long tbl, long priority, Map<String, Object> key, Map<String, Object> mask,
              Map<String, Object> action) throws IOException {
        qmp.ok("x-rocker-of-dpa-flow-add", flowArgs(cookie, tbl, priority, key, mask, action));
    }

    Map<String, Object> flowArgs(long cookie, long tbl, long priority, Map<String, Object> key, Map<String, Object> mask,
                                 Map<String, Object> action) {
        Map<String, Object> k = new LinkedHashMap<>(key);
        k.put("priority", priority);
        k.put("tbl-id", tbl);
        Map<String, Object> args = new LinkedHashMap<>();
        args.put("name", name);
        args.put("cookie", cookie);
        args.put("key", k);
        if (mask != null) {
            args.put("mask", mask);
        }
        if (action != null) {
            args.put("action", action);
        }
        return args;
    }

    void group(Map<String, Object> group) throws IOException {
        Map<String, Object> args = new LinkedHashMap<>(group);
        args.put("name", name);
        qmp.ok("x-rocker-of-dpa-group-add", args);
    }

    /** Sends frames of every physical port to the VLAN table (the driver's catch-all). */
    void ingressToVlan() throws IOException {
        flow(1, 0, 1, Map.of("in-pport", 0), Map.of("in-pport", 0xffff0000L), Map.of("goto-tbl", 10));
    }

    /** An access port: untagged frames get {@code vlan}, and leave untagged. */
    void access(int pport, int vlan) throws IOException {
        flow(1000 + pport * 10L + vlan, 10, 1, Map.of("in-pport", pport, "vlan-id", 0), null,
                Map.of("goto-tbl", 20, "new-vlan-id", vlan));
        group(Map.of("type", 0, "vlan-id", vlan, "pport", pport, "out-pport", pport, "pop-vlan", 1));
    }

    /** A trunk port for {@code vlan}: frames come and go tagged. */
    void trunk(int pport, int vlan) throws IOException {
        flow(2000 + pport * 10000L + vlan, 10, 1, Map.of("in-pport", pport, "vlan-id", vlan), null, Map.of("goto-tbl", 20));
        group(Map.of("type", 0, "vlan-id", vlan, "pport", pport, "out-pport", pport, "pop-vlan", 0));
    }

    /**
     * Waits for the flow with {@code cookie} to appear: learning installs its flows after the
     * frame that taught it, as the driver does in answer to QEMU's mac_vlan_seen event.
     */
    static JsonNode awaitFlow(QmpClient qmp, String name, long cookie) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (true) {
            for (JsonNode f : qmp.ok("query-rocker-of-dpa-flows", Map.of("name", name))) {
                if (f.get("cookie").asLong() == cookie) {
                    return f;
                }
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no flow " + cookie + " appeared in " + name);
            }
            Thread.sleep(5);
        }
    }

    long hits(long cookie) throws IOException {
        for (JsonNode f : qmp.ok("query-rocker-of-dpa-flows", Map.of("name", name))) {
            if (f.get("cookie").asLong() == cookie) {
                return f.get("hits").asLong();
            }
        }
        throw new AssertionError("no flow " + cookie + " in " + name);
    }

    static long groupL2Interface(int vlan, int pport) {
        return (long) vlan << 16 | pport;
    }

    static long groupL2Flood(int vlan, int index) {
        return 4L << 28 | (long) vlan << 16 | index;
    }

    @Override
    public void close() {
        for (DatagramSocket s : host) {
            if (s != null) {
                s.close();
            }
        }
    }
}
