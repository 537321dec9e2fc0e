package org.qmpd.rocker.ofdpa;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.stream.Collectors;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Frames through the OF-DPA tables with QEMU's semantics: bridging, flooding, VLANs, routing, ACL, CPU. */
class PipelineTest {
    static final long A = 0x5254_0000_000aL;
    static final long B = 0x5254_0000_000bL;
    static final long C = 0x5254_0000_000cL;
    static final long ROUTER = 0x5254_0000_00feL;
    static final long BROADCAST = 0xffff_ffff_ffffL;

    WorldFixture w;

    @BeforeEach
    void setUp() throws Exception {
        w = new WorldFixture();
        w.accessPorts(100, 1, 2, 3);
        w.group(s -> {
            s.type = GroupId.L2_FLOOD;
            s.vlanId = 100;
            s.index = 1L;
            s.groupIds = new long[] {GroupId.l2Interface(100, 1), GroupId.l2Interface(100, 2), GroupId.l2Interface(100, 3)};
        });
        w.flow(50, Tables.BRIDGING, 1, s -> {
            s.vlanId = 100;
            s.groupId = (long) GroupId.l2Flood(100, 1);
            s.gotoTbl = (long) Tables.ACL_POLICY;
        });
        w.flow(51, Tables.BRIDGING, 3, s -> {
            s.vlanId = 100;
            s.ethDst = B;
            s.groupId = (long) GroupId.l2Interface(100, 2);
            s.gotoTbl = (long) Tables.ACL_POLICY;
        });
    }

    private static List<Integer> pports(List<RecordingPorts.Out> outs) {
        return outs.stream().map(RecordingPorts.Out::pport).collect(Collectors.toList());
    }

    @Test
    void knownUnicastIsBridgedWithinItsVlanUnchanged() {
        byte[] frame = TestFrames.ethernet(B, A, 0, 0x0800, TestFrames.ipv4(1, 2, 64, 17, 0, 30));
        w.send(1, frame);
        assertEquals(List.of(2), pports(w.ports.egress));
        assertArrayEquals(frame, w.ports.egress.get(0).frame());
        assertEquals(1, w.world.flow(51).hits());
        assertEquals(0, w.world.flow(50).hits());
        assertEquals(1, w.world.flow(1).hits());
        assertEquals(1, w.world.flow(101).hits());
    }

    @Test
    void unknownAndBroadcastFloodToEveryMemberButTheIngressPort() {
        byte[] frame = TestFrames.ethernet(BROADCAST, A, 0, 0x0806, new byte[28]);
        w.send(2, frame);
        assertEquals(List.of(1, 3), pports(w.ports.egress));
        for (RecordingPorts.Out o : w.ports.egress) {
            assertArrayEquals(frame, o.frame());
        }
        assertEquals(1, w.world.flow(50).hits());
    }

    @Test
    void aPortWithoutVlanFlowDropsItsFrames() {
        w.send(4, TestFrames.ethernet(B, A, 0, 0x0800, new byte[46]));
        assertTrue(w.ports.egress.isEmpty());
        assertEquals(1, w.world.flow(1).hits());
    }

    @Test
    void trunkPortsSendAndReceiveTaggedFrames() throws Exception {
        w.flow(104, Tables.VLAN, 1, s -> {
            s.inPport = 4L;
            s.vlanId = 100;
            s.gotoTbl = (long) Tables.TERMINATION_MAC;
        });
        w.group(s -> {
            s.id = (long) GroupId.l2Interface(100, 4);
            s.outPport = 4L;
            s.popVlan = 0;
        });
        w.flow(52, Tables.BRIDGING, 3, s -> {
            s.vlanId = 100;
            s.ethDst = C;
            s.groupId = (long) GroupId.l2Interface(100, 4);
            s.gotoTbl = (long) Tables.ACL_POLICY;
        });
        byte[] in = TestFrames.ethernet(C, A, 0, 0x0800, new byte[46]);
        w.send(1, in);
        assertArrayEquals(TestFrames.ethernet(C, A, 100, 0x0800, new byte[46]), w.ports.egress.get(0).frame());
        w.ports.clear();
        w.send(4, TestFrames.ethernet(B, C, 100, 0x0800, new byte[46]));
        assertArrayEquals(TestFrames.ethernet(B, C, 0, 0x0800, new byte[46]), w.ports.egress.get(0).frame());
    }

    @Test
    void vlanTranslationThroughAnL2RewriteGroup() throws Exception {
        // trunk port 3 carries VLAN 200 tagged; port 4 carries VLAN 100 tagged
        w.flow(203, Tables.VLAN, 1, s -> {
            s.inPport = 3L;
            s.vlanId = 200;
            s.gotoTbl = (long) Tables.TERMINATION_MAC;
        });
        w.group(s -> {
            s.id = (long) GroupId.l2Interface(100, 4);
            s.outPport = 4L;
        });
        w.group(s -> {
            s.id = (long) GroupId.l2Rewrite(1);
            s.groupId = (long) GroupId.l2Interface(100, 4);
            s.setVlanId = 100;
        });
        w.group(s -> {
            s.id = (long) GroupId.l2Flood(200, 1);
            s.groupIds = new long[] {GroupId.l2Rewrite(1)};
        });
        w.flow(60, Tables.BRIDGING, 1, s -> {
            s.vlanId = 200;
            s.groupId = (long) GroupId.l2Flood(200, 1);
            s.gotoTbl = (long) Tables.ACL_POLICY;
        });
        w.send(3, TestFrames.ethernet(C, A, 200, 0x0800, new byte[46]));
        assertEquals(List.of(4), pports(w.ports.egress));
        assertArrayEquals(TestFrames.ethernet(C, A, 100, 0x0800, new byte[46]), w.ports.egress.get(0).frame());
    }

    @Test
    void learningInstallsABridgingFlowLikeTheDriver() throws Exception {
        w.ports.learn = true;
        w.send(1, TestFrames.ethernet(BROADCAST, A, 0, 0x0806, new byte[28]));
        assertEquals(1, w.ports.seen.size());
        Flow learned = w.world.flow(OfDpaWorld.LEARNED_COOKIE | 100L << 48 | A);
        assertEquals(GroupId.l2Interface(100, 1), learned.action().groupId());
        w.ports.clear();
        w.send(2, TestFrames.ethernet(A, B, 0, 0x0800, new byte[46]));
        assertEquals(List.of(1), pports(w.ports.egress));
        assertEquals(1, learned.hits());
        // A already known and refreshed within a second: no new notification
        w.ports.clear();
        w.send(1, TestFrames.ethernet(B, A, 0, 0x0800, new byte[46]));
        assertTrue(w.ports.seen.stream().noneMatch(s -> s.mac() == A));
    }
}
