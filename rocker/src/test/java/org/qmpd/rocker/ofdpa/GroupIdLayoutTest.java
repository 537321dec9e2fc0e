package org.qmpd.rocker.ofdpa;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Group ids are laid out as rocker_hw.h lays them out; the seed's example ids decode as the seed shows. */
class GroupIdLayoutTest {
    @Test
    void l2InterfaceIdsOfTheSeedExampleDecode() {
        assertEquals(251723778, GroupId.l2Interface(3841, 2));
        assertEquals(251723776, GroupId.l2Interface(3841, 0));
        assertEquals(251658241, GroupId.l2Interface(3840, 1));
        assertEquals(0, GroupId.type(251723778));
        assertEquals(3841, GroupId.vlan(251723778));
        assertEquals(2, GroupId.pport(251723778));
    }

    @Test
    void eachTypeKeepsItsBits() {
        assertEquals(0x1000_0007, GroupId.l2Rewrite(7));
        assertEquals(0x2000_0005, GroupId.l3Unicast(5));
        assertEquals(0x3064_0002, GroupId.l2Multicast(100, 2));
        assertEquals(0x4064_0001, GroupId.l2Flood(100, 1));
        assertEquals(GroupId.L2_FLOOD, GroupId.type(0x4064_0001));
        assertEquals(100, GroupId.vlan(0x4064_0001));
        assertEquals(1, GroupId.index(0x4064_0001));
        assertEquals(0x0fff_ffff, GroupId.indexLong(GroupId.l3Unicast(0x1fff_ffff)));
        assertEquals(0xfff, GroupId.vlan(GroupId.l2Interface(0xffff, 1)));
    }

    @Test
    void overlayIdsCarryTunnelSubtypeAndType() {
        int id = 0x8000_0000 | 0x1234 << 12 | 2 << 10 | 5;
        assertEquals(GroupId.L2_OVERLAY, GroupId.type(id));
        assertEquals(0x1234, GroupId.tunnelId(id));
        assertEquals(2, GroupId.subtype(id));
        assertEquals("0x81234805", GroupId.hex(id));
    }
}
