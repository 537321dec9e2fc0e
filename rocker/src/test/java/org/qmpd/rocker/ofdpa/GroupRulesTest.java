package org.qmpd.rocker.ofdpa;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.function.Consumer;

import org.junit.jupiter.api.Test;

/** Group ids made from their members and checked against them; QEMU's lower-group rules. */
class GroupRulesTest {
    final OfDpaWorld world = new OfDpaWorld(new RecordingPorts());

    private Group add(Consumer<GroupSpec> fill) throws OfDpaException {
        GroupSpec s = new GroupSpec();
        fill.accept(s);
        Group g = GroupRules.build(s, world);
        world.addGroup(g);
        return g;
    }

    private String refusal(Consumer<GroupSpec> fill) {
        return assertThrows(OfDpaException.class, () -> add(fill)).getMessage();
    }

    @Test
    void idIsMadeFromTypeAndMembersOrCheckedAgainstThem() throws Exception {
        assertEquals(251723778, add(s -> {
            s.type = 0;
            s.vlanId = 3841;
            s.pport = 2L;
            s.outPport = 2L;
            s.popVlan = 1;
        }).id());
        assertEquals("group 0x0f010002 has vlan-id 3841, not 3840", refusal(s -> {
            s.id = 251723778L;
            s.vlanId = 3840;
            s.outPport = 2L;
        }));
        assertEquals("group 0x0f010002 already exists", refusal(s -> {
            s.id = 251723778L;
            s.outPport = 2L;
        }));
        assertEquals("Parameter 'id' is missing", refusal(s -> s.outPport = 1L));
        assertEquals("Group type 7 (L3 ECMP) is not supported", refusal(s -> s.id = 0x7000_0001L));
        assertEquals("L2 interface groups take no 'group-ids'", refusal(s -> {
            s.type = 0;
            s.vlanId = 1;
            s.pport = 1L;
            s.outPport = 1L;
            s.groupIds = new long[0];
        }));
    }

    @Test
    void rewriteNeedsAnL2InterfaceGroupOnItsVlan() throws Exception {
        assertEquals("l2 rewrite group needs a valid l2 interface group", refusal(s -> {
            s.type = 1;
            s.index = 1L;
            s.groupId = (long) GroupId.l2Interface(5, 1);
        }));
        add(s -> {
            s.type = 0;
            s.vlanId = 5;
            s.pport = 1L;
            s.outPport = 1L;
        });
        assertEquals("Set VLAN ID must be same as L2 interface group", refusal(s -> {
            s.type = 1;
            s.index = 1L;
            s.groupId = (long) GroupId.l2Interface(5, 1);
            s.setVlanId = 6;
        }));
        assertEquals(0x1000_0001, add(s -> {
            s.type = 1;
            s.index = 1L;
            s.groupId = (long) GroupId.l2Interface(5, 1);
            s.setVlanId = 5;
        }).id());
    }

    @Test
    void floodMembersMustShareTheFloodVlan() throws Exception {
        add(s -> {
            s.type = 0;
            s.vlanId = 5;
            s.pport = 1L;
            s.outPport = 1L;
        });
        assertEquals("l2 interface group 0x00050001 VLAN doesn't match l2 flood group 0x40060001", refusal(s -> {
            s.type = 4;
            s.vlanId = 6;
            s.index = 1L;
            s.groupIds = new long[] {GroupId.l2Interface(5, 1)};
        }));
        Group flood = add(s -> {
            s.type = 4;
            s.vlanId = 5;
            s.index = 1L;
            s.groupIds = new long[] {GroupId.l2Interface(5, 1), GroupId.l2Interface(5, 9)};
        });
        assertEquals(2, flood.groupIds().length);
    }
}
