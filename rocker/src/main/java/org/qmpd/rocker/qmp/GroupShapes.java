package org.qmpd.rocker.qmp;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

import org.qmpd.core.api.Arguments;
import org.qmpd.core.api.QmpException;
import org.qmpd.rocker.ofdpa.Bytes;
import org.qmpd.rocker.ofdpa.Group;
import org.qmpd.rocker.ofdpa.GroupId;
import org.qmpd.rocker.ofdpa.GroupSpec;

/**
 * Between the group shape of QMP and the world's groups: {@link #spec} reads the group
 * commands' arguments (the members {@code query-rocker-of-dpa-groups} returns); {@link #info}
 * writes a group as QEMU's {@code of_dpa_group_fill} does, flood members in reverse order.
 */
public final class GroupShapes {
    /** The group commands' args type: the members of {@code RockerOfDpaGroup}, all optional. */
    static final String ARGS = "name:s,id:i?,type:i?,vlan-id:i?,pport:i?,index:i?,out-pport:i?,group-id:i?,"
            + "set-vlan-id:i?,pop-vlan:i?,group-ids:q?,set-eth-src:s?,set-eth-dst:s?,ttl-check:i?";

    private GroupShapes() {
    }

    static GroupSpec spec(Arguments args) throws QmpException {
        GroupSpec s = new GroupSpec();
        JsonNode j = args.json();
        s.id = Dict.ranged(j.get("id"), "id", 0xffff_ffffL, "uint32_t");
        Long type = Dict.ranged(j.get("type"), "type", 0xff, "uint8_t");
        s.type = type == null ? null : type.intValue();
        Long vlan = Dict.ranged(j.get("vlan-id"), "vlan-id", 0xffff, "uint16_t");
        s.vlanId = vlan == null ? null : vlan.intValue();
        s.pport = Dict.ranged(j.get("pport"), "pport", 0xffff_ffffL, "uint32_t");
        s.index = Dict.ranged(j.get("index"), "index", 0xffff_ffffL, "uint32_t");
        s.outPport = Dict.ranged(j.get("out-pport"), "out-pport", 0xffff_ffffL, "uint32_t");
        s.groupId = Dict.ranged(j.get("group-id"), "group-id", 0xffff_ffffL, "uint32_t");
        Long setVlan = Dict.ranged(j.get("set-vlan-id"), "set-vlan-id", 0xffff, "uint16_t");
        s.setVlanId = setVlan == null ? null : setVlan.intValue();
        Long pop = Dict.ranged(j.get("pop-vlan"), "pop-vlan", 0xff, "uint8_t");
        s.popVlan = pop == null ? null : pop.intValue();
        s.groupIds = Dict.uint32List(j.get("group-ids"), "group-ids");
        s.setEthSrc = Dict.mac(args.string("set-eth-src"), "set-eth-src");
        s.setEthDst = Dict.mac(args.string("set-eth-dst"), "set-eth-dst");
        Long ttl = Dict.ranged(j.get("ttl-check"), "ttl-check", 0xff, "uint8_t");
        s.ttlCheck = ttl == null ? null : ttl.intValue();
        return s;
    }

    public static GroupInfo info(Group g) {
        int id = g.id();
        long uid = Integer.toUnsignedLong(id);
        switch (g.type()) {
            case GroupId.L2_INTERFACE:
                return new GroupInfo(uid, g.type(), GroupId.vlan(id), (long) GroupId.pport(id), null,
                        g.outPport(), null, null, g.popVlan(), null, null, null, null);
            case GroupId.L2_REWRITE:
            case GroupId.L3_UNICAST:
                return new GroupInfo(uid, g.type(), null, null, (long) GroupId.indexLong(id), null,
                        Integer.toUnsignedLong(g.lowerGroupId()), g.setVlanId() != 0 ? g.setVlanId() : null, null, null,
                        g.setEthSrc() != 0 ? Bytes.macString(g.setEthSrc()) : null,
                        g.setEthDst() != 0 ? Bytes.macString(g.setEthDst()) : null,
                        g.type() == GroupId.L3_UNICAST && g.ttlCheck() != 0 ? g.ttlCheck() : null);
            case GroupId.L2_FLOOD:
            case GroupId.L2_MULTICAST: {
                int[] members = g.groupIds();
                List<Long> reversed = new ArrayList<>(members.length);
                for (int i = members.length - 1; i >= 0; i--) {
                    reversed.add(Integer.toUnsignedLong(members[i]));
                }
                return new GroupInfo(uid, g.type(), GroupId.vlan(id), null, (long) GroupId.index(id), null, null, null,
                        null, reversed.isEmpty() ? null : reversed, null, null, null);
            }
            default:
                return new GroupInfo(uid, g.type(), null, null, null, null, null, null, null, null, null, null, null);
        }
    }
}
