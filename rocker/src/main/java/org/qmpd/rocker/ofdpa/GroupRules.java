package org.qmpd.rocker.ofdpa;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Turns a {@link GroupSpec} into a {@link Group} with the checks of QEMU's
 * {@code of_dpa_cmd_group_do}: the types QEMU implements (L2 interface, L2 rewrite, L3
 * unicast, L2 multicast, L2 flood), the members each needs, an L2 rewrite group's lower L2
 * interface group and VLAN, an L2 flood group's members on its VLAN. The id and the members
 * it encodes must agree.
 */
public final class GroupRules {
    private GroupRules() {
    }

    private static final List<Set<String>> MEMBERS = List.of(
            Set.of("vlan-id", "pport", "out-pport", "pop-vlan"),
            Set.of("index", "group-id", "set-vlan-id", "set-eth-src", "set-eth-dst"),
            Set.of("index", "group-id", "set-vlan-id", "set-eth-src", "set-eth-dst", "ttl-check"),
            Set.of("vlan-id", "index", "group-ids"),
            Set.of("vlan-id", "index", "group-ids"));

    /** Checks {@code s} against the groups {@code world} holds now and builds the group. */
    public static Group build(GroupSpec s, OfDpaWorld world) throws OfDpaException {
        int id = id(s);
        int type = GroupId.type(id);
        if (type > GroupId.L2_FLOOD) {
            throw new OfDpaException("Group type " + type + " (" + GroupId.typeName(type) + ") is not supported");
        }
        String what = GroupId.typeName(type) + " groups";
        for (String m : members(s)) {
            if (!MEMBERS.get(type).contains(m)) {
                throw new OfDpaException(what + " take no '" + m + "'");
            }
        }
        switch (type) {
            case GroupId.L2_INTERFACE:
                if (s.outPport == null) {
                    throw new OfDpaException("Parameter 'out-pport' is missing");
                }
                return Group.l2Interface(id, s.outPport, s.popVlan == null ? 0 : s.popVlan);
            case GroupId.L2_REWRITE: {
                Group lower = s.groupId == null ? null : world.group((int) (long) s.groupId);
                if (lower == null || lower.type() != GroupId.L2_INTERFACE) {
                    throw new OfDpaException("l2 rewrite group needs a valid l2 interface group");
                }
                int vlan = s.setVlanId == null ? 0 : s.setVlanId;
                if (s.setVlanId != null && GroupId.vlan(lower.id()) != (vlan & 0xfff)) {
                    throw new OfDpaException("Set VLAN ID must be same as L2 interface group");
                }
                return Group.rewrite(id, lower.id(), vlan, nz(s.setEthSrc), nz(s.setEthDst), 0);
            }
            case GroupId.L3_UNICAST:
                if (s.groupId == null) {
                    throw new OfDpaException("Parameter 'group-id' is missing");
                }
                return Group.rewrite(id, (int) (long) s.groupId, s.setVlanId == null ? 0 : s.setVlanId,
                        nz(s.setEthSrc), nz(s.setEthDst), s.ttlCheck == null ? 0 : s.ttlCheck);
            default: {
                if (s.groupIds == null) {
                    throw new OfDpaException("Parameter 'group-ids' is missing");
                }
                int[] members = new int[s.groupIds.length];
                for (int i = 0; i < members.length; i++) {
                    members[i] = (int) s.groupIds[i];
                    Group member = world.group(members[i]);
                    if (member != null && member.type() == GroupId.L2_INTERFACE && GroupId.vlan(member.id()) != GroupId.vlan(id)) {
                        throw new OfDpaException(String.format("l2 interface group 0x%08x VLAN doesn't match l2 flood group 0x%08x",
                                members[i], id));
                    }
                }
                return Group.flood(id, members);
            }
        }
    }

    private static long nz(Long v) {
        return v == null ? 0 : v;
    }

    private static List<String> members(GroupSpec s) {
        List<String> n = new ArrayList<>();
        if (s.vlanId != null) {
            n.add("vlan-id");
        }
        if (s.pport != null) {
            n.add("pport");
        }
        if (s.index != null) {
            n.add("index");
        }
        if (s.outPport != null) {
            n.add("out-pport");
        }
        if (s.groupId != null) {
            n.add("group-id");
        }
        if (s.setVlanId != null) {
            n.add("set-vlan-id");
        }
        if (s.popVlan != null) {
            n.add("pop-vlan");
        }
        if (s.groupIds != null) {
            n.add("group-ids");
        }
        if (s.setEthSrc != null) {
            n.add("set-eth-src");
        }
        if (s.setEthDst != null) {
            n.add("set-eth-dst");
        }
        if (s.ttlCheck != null) {
            n.add("ttl-check");
        }
        return n;
    }

    /** The group id, given or made from the type and the members it encodes; checks they agree. */
    public static int id(GroupSpec s) throws OfDpaException {
        if (s.id == null) {
            if (s.type == null) {
                throw new OfDpaException("Parameter 'id' is missing");
            }
            return make(s);
        }
        int id = (int) (long) s.id;
        int type = GroupId.type(id);
        String hex = GroupId.hex(id);
        if (s.type != null && s.type != type) {
            throw new OfDpaException("group " + hex + " has type " + type + ", not " + s.type);
        }
        boolean vlanInId = type == GroupId.L2_INTERFACE || type == GroupId.L2_MULTICAST || type == GroupId.L2_FLOOD;
        if (vlanInId && s.vlanId != null && s.vlanId != GroupId.vlan(id)) {
            throw new OfDpaException("group " + hex + " has vlan-id " + GroupId.vlan(id) + ", not " + s.vlanId);
        }
        if (type == GroupId.L2_INTERFACE && s.pport != null && s.pport != GroupId.pport(id)) {
            throw new OfDpaException("group " + hex + " has pport " + GroupId.pport(id) + ", not " + s.pport);
        }
        long index = type == GroupId.L2_REWRITE || type == GroupId.L3_UNICAST ? GroupId.indexLong(id) : GroupId.index(id);
        boolean indexInId = type == GroupId.L2_REWRITE || type == GroupId.L3_UNICAST
                || type == GroupId.L2_MULTICAST || type == GroupId.L2_FLOOD;
        if (s.index != null && indexInId && s.index != index) {
            throw new OfDpaException("group " + hex + " has index " + index + ", not " + s.index);
        }
        return id;
    }

    private static int make(GroupSpec s) throws OfDpaException {
        int type = s.type;
        switch (type) {
            case GroupId.L2_INTERFACE:
                return GroupId.l2Interface(vlan(s), (int) (long) need(s.pport, "pport", 0xffff));
            case GroupId.L2_REWRITE:
                return GroupId.l2Rewrite((int) (long) need(s.index, "index", 0x0fff_ffff));
            case GroupId.L3_UNICAST:
                return GroupId.l3Unicast((int) (long) need(s.index, "index", 0x0fff_ffff));
            case GroupId.L2_MULTICAST:
                return GroupId.l2Multicast(vlan(s), (int) (long) need(s.index, "index", 0xffff));
            case GroupId.L2_FLOOD:
                return GroupId.l2Flood(vlan(s), (int) (long) need(s.index, "index", 0xffff));
            default:
                throw new OfDpaException("Group type " + type + " (" + GroupId.typeName(type) + ") is not supported");
        }
    }

    private static int vlan(GroupSpec s) throws OfDpaException {
        return (int) (long) need(s.vlanId == null ? null : (long) s.vlanId, "vlan-id", 0xfff);
    }

    private static Long need(Long value, String name, long max) throws OfDpaException {
        if (value == null) {
            throw new OfDpaException("Parameter '" + name + "' is missing");
        }
        if (value > max) {
            throw new OfDpaException("Parameter '" + name + "' does not fit a group id: at most " + max);
        }
        return value;
    }
}
