package org.qmpd.rocker.ofdpa;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** L3 unicast routing with MAC rewrite and TTL decrement, ACL drops, copies to the CPU. */
class RoutingAclCpuTest {
    static final long A = 0x5254_0000_000aL;
    static final long B = 0x5254_0000_000bL;
    static final long ROUTER = 0x5254_0000_00feL;

    WorldFixture w;

    @BeforeEach
    void setUp() throws Exception {
        w = new WorldFixture();
        w.accessPorts(100, 1);
        w.accessPorts(200, 2);
        w.flow(20, Tables.TERMINATION_MAC, 1, s -> {
            s.inPport = 1L;
            s.ethType = 0x0800;
            s.ethDst = ROUTER;
            s.vlanId = 100;
            s.gotoTbl = (long) Tables.UNICAST_ROUTING;
        });
        w.group(s -> {
            s.type = GroupId.L3_UNICAST;
            s.index = 1L;
            s.groupId = (long) GroupId.l2Interface(200, 2);
            s.setEthSrc = ROUTER;
            s.setEthDst = B;
            s.setVlanId = 200;
            s.ttlCheck = 1;
        });
        w.flow(30, Tables.UNICAST_ROUTING, 1, s -> {
            s.ethType = 0x0800;
            s.ipDst = IpPrefix.parse("10.0.2.0/24");
            s.groupId = (long) GroupId.l3Unicast(1);
            s.gotoTbl = (long) Tables.ACL_POLICY;
        });
    }

    private static byte[] packet(int ttl, int proto) {
        return TestFrames.ipv4(TestFrames.ip(10, 0, 1, 2), TestFrames.ip(10, 0, 2, 2), ttl, proto, 0, 32);
    }

    @Test
    void routedFramesGetNewMacsAndOneTtlLess() {
        w.send(1, TestFrames.ethernet(ROUTER, A, 0, 0x0800, packet(64, 17)));
        assertEquals(1, w.ports.egress.size());
        assertEquals(2, w.ports.egress.get(0).pport());
        byte[] expected = TestFrames.ethernet(B, ROUTER, 0, 0x0800, packet(63, 17));
        byte[] out = w.ports.egress.get(0).frame();
        assertArrayEquals(expected, out);
        assertEquals(0, TestFrames.checksum(out, 14, 20), "header checksum still valid");
        assertEquals(1, w.world.flow(20).hits());
        assertEquals(1, w.world.flow(30).hits());
    }

    @Test
    void ttlCheckDropsExpiringFrames() {
        w.send(1, TestFrames.ethernet(ROUTER, A, 0, 0x0800, packet(1, 17)));
        assertTrue(w.ports.egress.isEmpty());
        assertEquals(1, w.world.flow(30).hits());
    }

    @Test
    void framesOutsideTheRouteAreNotRouted() {
        byte[] p = TestFrames.ipv4(TestFrames.ip(10, 0, 1, 2), TestFrames.ip(10, 0, 3, 2), 64, 17, 0, 32);
        w.send(1, TestFrames.ethernet(ROUTER, A, 0, 0x0800, p));
        assertTrue(w.ports.egress.isEmpty());
        assertEquals(0, w.world.flow(30).hits());
    }

    @Test
    void anAclFlowWithClearActionsDropsWhatItMatches() throws Exception {
        w.flow(60, Tables.ACL_POLICY, 2, s -> {
            s.inPport = 1L;
            s.ethType = 0x0800;
            s.vlanId = 100;
            s.ipProto = 17;
            s.clearActions = 1;
        });
        w.send(1, TestFrames.ethernet(ROUTER, A, 0, 0x0800, packet(64, 17)));
        assertTrue(w.ports.egress.isEmpty());
        assertEquals(1, w.world.flow(60).hits());
        w.send(1, TestFrames.ethernet(ROUTER, A, 0, 0x0800, packet(64, 6)));
        assertEquals(1, w.ports.egress.size());
        assertEquals(1, w.world.flow(60).hits());
    }

    @Test
    void copyToCpuGoesThroughTheCpuL2InterfaceGroup() throws Exception {
        w.flow(61, Tables.ACL_POLICY, 3, s -> {
            s.inPport = 0L;
            s.inPportMask = 0xffff_0000L;
            s.ethType = 0x0806;
            s.vlanId = 100;
            s.copyToCpu = 1;
        });
        byte[] arp = TestFrames.ethernet(0xffff_ffff_ffffL, A, 0, 0x0806, new byte[28]);
        w.send(1, arp);
        assertTrue(w.ports.cpu.isEmpty(), "no CPU group for VLAN 100 yet");
        w.group(s -> {
            s.id = (long) GroupId.l2Interface(100, 0);
            s.outPport = 0L;
            s.popVlan = 1;
        });
        w.send(1, arp);
        assertEquals(1, w.ports.cpu.size());
        assertEquals(1, w.ports.cpu.get(0).pport());
        assertTrue(Arrays.equals(arp, w.ports.cpu.get(0).frame()));
        assertEquals(2, w.world.flow(61).hits());
    }
}
