package org.qmpd.launcher.it.rocker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.qmpd.launcher.it.QmpClient;
import org.qmpd.launcher.it.QmpdProcess;

/**
 * Real Ethernet frames through a rocker switch of the real distribution, over UDP backends on
 * 127.0.0.1: each test makes its own switch with {@code netdev_add} and {@code device_add},
 * programs it through the {@code x-rocker-of-dpa-*} commands, sends frames into its ports and
 * reads what comes out of the others. A frame that must not come out of a port is checked by
 * sending a marker after it that does: the marker must be the first frame out.
 */
class RockerForwardingIT {
    static final long A = 0x5254_00aa_0001L;
    static final long B = 0x5254_00aa_0002L;
    static final long C = 0x5254_00aa_0003L;
    static final long ROUTER = 0x5254_00aa_00feL;
    static final long BROADCAST = 0xffff_ffff_ffffL;

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

    private static byte[] udp(long dst, long src, int vlan, int ttl) {
        return Frames.ethernet(dst, src, vlan, 0x0800, Frames.ipv4(Frames.ip(10, 0, 1, 2), Frames.ip(10, 0, 2, 2), ttl, 17, 26));
    }

    @Test
    void bridgesKnownUnicastWithinItsVlanAndFloodsTheRestToEveryMember() throws Exception {
        try (SwitchRig sw = SwitchRig.create(qmp, "br", 5)) {
            sw.ingressToVlan();
            for (int p = 1; p <= 3; p++) {
                sw.access(p, 100);
            }
            sw.access(4, 200);
            sw.access(5, 200);
            sw.group(Map.of("type", 4, "vlan-id", 100, "index", 1, "group-ids",
                    new long[] {SwitchRig.groupL2Interface(100, 1), SwitchRig.groupL2Interface(100, 2), SwitchRig.groupL2Interface(100, 3)}));
            sw.group(Map.of("type", 4, "vlan-id", 200, "index", 1, "group-ids",
                    new long[] {SwitchRig.groupL2Interface(200, 4), SwitchRig.groupL2Interface(200, 5)}));
            sw.flow(50, 50, 1, Map.of("vlan-id", 100), null, Map.of("group-id", SwitchRig.groupL2Flood(100, 1), "goto-tbl", 60));
            sw.flow(51, 50, 3, Map.of("vlan-id", 100, "eth-dst", Frames.macString(B)), null,
                    Map.of("group-id", SwitchRig.groupL2Interface(100, 2), "goto-tbl", 60));
            sw.flow(60, 50, 1, Map.of("vlan-id", 200), null, Map.of("group-id", SwitchRig.groupL2Flood(200, 1), "goto-tbl", 60));

            byte[] toB = udp(B, A, 0, 64);
            sw.send(1, toB);
            sw.expect(2, toB);

            byte[] broadcast = Frames.ethernet(BROADCAST, A, 0, 0x0806, new byte[28]);
            sw.send(1, broadcast);
            sw.expect(2, broadcast);
            sw.expect(3, broadcast);

            byte[] marker200 = Frames.ethernet(BROADCAST, C, 0, 0x0806, new byte[30]);
            sw.send(5, marker200);
            sw.expect(4, marker200); // VLAN 100's broadcast never reached VLAN 200
            byte[] marker100 = Frames.ethernet(BROADCAST, B, 0, 0x0806, new byte[32]);
            sw.send(2, marker100);
            sw.expect(1, marker100); // nothing went back out of the ingress port
            sw.expect(3, marker100);

            assertEquals(1, sw.hits(51));
            assertEquals(2, sw.hits(50));
            assertEquals(1, sw.hits(60));
            assertEquals(4, sw.hits(1));
        }
    }

    @Test
    void translatesVlansThroughAnL2RewriteGroup() throws Exception {
        try (SwitchRig sw = SwitchRig.create(qmp, "vt", 2)) {
            sw.ingressToVlan();
            sw.trunk(1, 200);
            sw.trunk(2, 100);
            sw.group(Map.of("type", 1, "index", 1, "group-id", SwitchRig.groupL2Interface(100, 2), "set-vlan-id", 100));
            sw.group(Map.of("type", 4, "vlan-id", 200, "index", 1, "group-ids", new long[] {1L << 28 | 1}));
            sw.flow(50, 50, 1, Map.of("vlan-id", 200), null, Map.of("group-id", SwitchRig.groupL2Flood(200, 1), "goto-tbl", 60));
            sw.send(1, udp(B, A, 200, 64));
            sw.expect(2, udp(B, A, 100, 64));
            assertEquals(1, sw.hits(50));
        }
    }

    @Test
    void routesIpv4RewritingMacsAndDecrementingTheTtl() throws Exception {
        try (SwitchRig sw = SwitchRig.create(qmp, "rt", 2)) {
            sw.ingressToVlan();
            sw.access(1, 100);
            sw.access(2, 200);
            sw.flow(20, 20, 1, Map.of("in-pport", 1, "eth-type", 0x0800, "eth-dst", Frames.macString(ROUTER), "vlan-id", 100),
                    null, Map.of("goto-tbl", 30));
            sw.group(Map.of("type", 2, "index", 1, "group-id", SwitchRig.groupL2Interface(200, 2),
                    "set-eth-src", Frames.macString(ROUTER), "set-eth-dst", Frames.macString(B), "set-vlan-id", 200, "ttl-check", 1));
            sw.flow(30, 30, 1, Map.of("eth-type", 0x0800, "ip-dst", "10.0.2.0/24"), null,
                    Map.of("group-id", 2L << 28 | 1, "goto-tbl", 60));

            sw.send(1, udp(ROUTER, A, 0, 64));
            byte[] routed = udp(B, ROUTER, 0, 63);
            byte[] out = sw.receive(2);
            assertEquals(Frames.hex(routed), Frames.hex(out));
            assertEquals(0, Frames.checksum(out, 14, 20), "the IPv4 header checksum stays valid");

            sw.send(1, udp(ROUTER, A, 0, 1)); // expires: dropped by the TTL check
            sw.send(1, udp(ROUTER, A, 0, 5));
            sw.expect(2, udp(B, ROUTER, 0, 4));
            assertEquals(3, sw.hits(30));
            assertEquals(3, sw.hits(20));
        }
    }

    @Test
    void anAclFlowDropsWhatItMatches() throws Exception {
        try (SwitchRig sw = SwitchRig.create(qmp, "acl", 2)) {
            sw.ingressToVlan();
            sw.access(1, 100);
            sw.access(2, 100);
            sw.flow(51, 50, 3, Map.of("vlan-id", 100, "eth-dst", Frames.macString(B)), null,
                    Map.of("group-id", SwitchRig.groupL2Interface(100, 2), "goto-tbl", 60));
            sw.flow(60, 60, 2, Map.of("in-pport", 1, "eth-type", 0x0800, "vlan-id", 100, "ip-proto", 17), null,
                    Map.of("clear-actions", 1));
            sw.send(1, udp(B, A, 0, 64));
            byte[] tcp = Frames.ethernet(B, A, 0, 0x0800, Frames.ipv4(Frames.ip(10, 0, 1, 2), Frames.ip(10, 0, 1, 3), 64, 6, 40));
            sw.send(1, tcp);
            sw.expect(2, tcp);
            assertEquals(1, sw.hits(60));
            assertEquals(2, sw.hits(51));
        }
    }

    @Test
    void copiesFramesToTheCpuThroughItsL2InterfaceGroup() throws Exception {
        try (SwitchRig sw = SwitchRig.create(qmp, "cpu", 2)) {
            sw.ingressToVlan();
            sw.access(1, 100);
            sw.access(2, 100);
            sw.group(Map.of("type", 4, "vlan-id", 100, "index", 1, "group-ids",
                    new long[] {SwitchRig.groupL2Interface(100, 1), SwitchRig.groupL2Interface(100, 2)}));
            sw.group(Map.of("id", SwitchRig.groupL2Interface(100, 0), "out-pport", 0, "pop-vlan", 1));
            sw.flow(50, 50, 1, Map.of("vlan-id", 100), null, Map.of("group-id", SwitchRig.groupL2Flood(100, 1), "goto-tbl", 60));
            sw.flow(61, 60, 3, Map.of("in-pport", 0, "eth-type", 0x0806, "vlan-id", 100), Map.of("in-pport", 0xffff0000L),
                    Map.of("copy-to-cpu", 1));
            byte[] arp = Frames.ethernet(BROADCAST, A, 0, 0x0806, new byte[28]);
            sw.send(1, arp);
            sw.expect(2, arp);
            JsonNode cpu = qmp.ok("x-rocker-cpu-rx", Map.of("name", "cpu"));
            assertEquals(1, cpu.size(), cpu.toString());
            assertEquals(1, cpu.get(0).get("in-pport").asInt());
            assertTrue(cpu.get(0).get("fwd-offload").asBoolean());
            assertEquals(Frames.hex(arp), cpu.get(0).get("frame").asText());
            assertEquals(0, qmp.ok("x-rocker-cpu-rx", Map.of("name", "cpu")).size());
            assertEquals(1, sw.hits(61));
        }
    }

    @Test
    void learnsSourceMacsAsTheDriverWould() throws Exception {
        try (SwitchRig sw = SwitchRig.create(qmp, "ln", 3)) {
            sw.ingressToVlan();
            for (int p = 1; p <= 3; p++) {
                sw.access(p, 100);
                qmp.ok("x-rocker-port-set", Map.of("name", "ln", "pport", p, "learning", true));
            }
            sw.group(Map.of("type", 4, "vlan-id", 100, "index", 1, "group-ids", new long[] {
                SwitchRig.groupL2Interface(100, 1), SwitchRig.groupL2Interface(100, 2), SwitchRig.groupL2Interface(100, 3)}));
            sw.flow(50, 50, 1, Map.of("vlan-id", 100), null, Map.of("group-id", SwitchRig.groupL2Flood(100, 1), "goto-tbl", 60));
            byte[] fromA = Frames.ethernet(BROADCAST, A, 0, 0x0806, new byte[28]);
            sw.send(1, fromA);
            sw.expect(2, fromA);
            sw.expect(3, fromA);
            long learned = 4L << 60 | 100L << 48 | A;
            JsonNode flow = SwitchRig.awaitFlow(qmp, "ln", learned);
            assertEquals("{\"cookie\":" + learned + ",\"hits\":0,\"key\":{\"priority\":3,\"tbl-id\":50,\"vlan-id\":100,"
                    + "\"eth-dst\":\"" + Frames.macString(A) + "\"},\"mask\":{},\"action\":{\"goto-tbl\":60,\"group-id\":"
                    + SwitchRig.groupL2Interface(100, 1) + "}}", QmpClient.JSON.writeValueAsString(sortedCopy(flow)));
            byte[] toA = udp(A, B, 0, 64);
            sw.send(2, toA);
            sw.expect(1, toA);
            byte[] marker = Frames.ethernet(BROADCAST, B, 0, 0x0806, new byte[30]);
            sw.send(2, marker);
            sw.expect(3, marker); // the unicast to A was not flooded
            sw.expect(1, marker);
            assertEquals(1, sw.hits(learned));
        }
    }

    @Test
    void holdsFramesWhileTheMachineIsStoppedAndForwardsThemOnCont() throws Exception {
        try (SwitchRig sw = SwitchRig.create(qmp, "st", 2)) {
            sw.ingressToVlan();
            sw.access(1, 100);
            sw.access(2, 100);
            sw.flow(51, 50, 3, Map.of("vlan-id", 100, "eth-dst", Frames.macString(B)), null,
                    Map.of("group-id", SwitchRig.groupL2Interface(100, 2), "goto-tbl", 60));
            byte[] toB = udp(B, A, 0, 64);
            qmp.ok("stop");
            try {
                sw.send(1, toB);
                assertEquals(0, sw.hits(51), "a stopped machine's switch takes no frames");
            } finally {
                qmp.ok("cont");
            }
            sw.expect(2, toB);
            assertEquals(1, sw.hits(51));
        }
    }

    /** The flow with members in the order the test writes them, whatever order the wire had. */
    private static JsonNode sortedCopy(JsonNode flow) throws Exception {
        String[] order = {"cookie", "hits", "key", "mask", "action", "priority", "tbl-id", "vlan-id", "eth-dst", "goto-tbl", "group-id"};
        com.fasterxml.jackson.databind.node.ObjectNode out = QmpClient.JSON.createObjectNode();
        for (String k : order) {
            if (flow.has(k)) {
                JsonNode v = flow.get(k);
                out.set(k, v.isObject() ? sortedCopy(v) : v);
            }
        }
        assertEquals(flow.size(), out.size(), "unexpected members in " + flow);
        return out;
    }
}
