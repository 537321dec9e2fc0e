package org.qmpd.rocker.ofdpa;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Turns a {@link FlowSpec} into a {@link Flow} with the checks QEMU's {@code of_dpa_cmd_add_*}
 * make for each table: the keys each table needs, the goto rules, the group types each
 * bridging and routing mode writes. The messages are QEMU's debug messages where it has one.
 *
 * <p>Where QEMU reads a mask from the driver, a mask member left out means an exact match on
 * the key member given (QEMU would take it as zero, matching anything); a key member left out
 * with its mask matches anything. A member a table does not match on, or an action it does
 * not take, is refused rather than ignored, so that a flow reads back as it was written.
 */
public final class FlowRules {
    private static final Set<String> NO_NAMES = Set.of();

    private FlowRules() {
    }

    /** The key, mask and action members each table takes, by table slot. */
    private static final Set<?>[][] ALLOWED = {
        {Set.of("in-pport"), Set.of("in-pport"), Set.of("goto-tbl")},
        {Set.of("in-pport", "vlan-id"), Set.of("vlan-id"), Set.of("goto-tbl", "new-vlan-id")},
        {Set.of("in-pport", "eth-type", "eth-dst", "vlan-id"), Set.of("in-pport", "eth-dst", "vlan-id"),
            Set.of("goto-tbl", "copy-to-cpu")},
        {Set.of("eth-type", "ip-dst"), NO_NAMES, Set.of("goto-tbl", "group-id")},
        {Set.of("eth-type", "vlan-id", "ip-dst"), NO_NAMES, Set.of("goto-tbl", "group-id")},
        {Set.of("vlan-id", "tunnel-id", "eth-dst"), Set.of("eth-dst"),
            Set.of("goto-tbl", "group-id", "tunnel-lport", "copy-to-cpu")},
        {Set.of("in-pport", "eth-src", "eth-dst", "eth-type", "vlan-id", "ip-proto", "ip-tos"),
            Set.of("in-pport", "eth-src", "eth-dst", "vlan-id", "ip-proto", "ip-tos"),
            Set.of("group-id", "copy-to-cpu", "clear-actions")},
    };

    /** Checks {@code s} (priority and tbl-id present) and builds its flow. */
    public static Flow build(FlowSpec s) throws OfDpaException {
        int slot = Tables.slot(s.tblId);
        if (slot < 0) {
            throw new OfDpaException("Invalid table id " + s.tblId);
        }
        int tbl = s.tblId.intValue();
        checkMembers(tbl, slot, s);
        FlowKey key = new FlowKey();
        FlowKey mask = new FlowKey();
        int lpm = 0;
        switch (tbl) {
            case Tables.INGRESS_PORT:
                ingressPort(s, key, mask);
                break;
            case Tables.VLAN:
                vlan(s, key, mask);
                break;
            case Tables.TERMINATION_MAC:
                terminationMac(s, key, mask);
                break;
            case Tables.UNICAST_ROUTING:
                lpm = unicastRouting(s, key, mask);
                break;
            case Tables.MULTICAST_ROUTING:
                multicastRouting(s, key, mask);
                break;
            case Tables.BRIDGING:
                BridgingRules.check(s, key, mask);
                break;
            default:
                acl(s, key, mask);
                break;
        }
        int writeVlan = tbl == Tables.MULTICAST_ROUTING && s.groupId != null ? key.vlanId() : 0;
        FlowAction action = new FlowAction(nz(s.gotoTbl), nz(s.groupId), s.newVlanId == null ? 0 : s.newVlanId,
                s.copyToCpu == null ? 0 : s.copyToCpu, s.clearActions == null ? 0 : s.clearActions,
                s.tunnelLport == null ? 0 : s.tunnelLport, writeVlan);
        return new Flow(s.cookie, tbl, s.priority, lpm, key, mask, action);
    }

    private static int nz(Long v) {
        return v == null ? 0 : (int) (long) v;
    }

    private static void checkMembers(int tbl, int slot, FlowSpec s) throws OfDpaException {
        String table = "table " + tbl + " (" + Tables.name(tbl) + ")";
        for (String name : keyMembers(s)) {
            if (!ALLOWED[slot][0].contains(name)) {
                throw new OfDpaException(table + " flows do not match on '" + name + "'");
            }
        }
        for (String name : maskMembers(s)) {
            if (!ALLOWED[slot][1].contains(name)) {
                throw new OfDpaException(table + " flows take no mask for '" + name + "'");
            }
        }
        for (String name : actionMembers(s)) {
            if (!ALLOWED[slot][2].contains(name)) {
                throw new OfDpaException(table + " flows take no action '" + name + "'");
            }
        }
    }

    private static List<String> keyMembers(FlowSpec s) {
        List<String> n = new ArrayList<>();
        add(n, s.inPport, "in-pport");
        add(n, s.tunnelId, "tunnel-id");
        add(n, s.vlanId, "vlan-id");
        add(n, s.ethType, "eth-type");
        add(n, s.ethSrc, "eth-src");
        add(n, s.ethDst, "eth-dst");
        add(n, s.ipProto, "ip-proto");
        add(n, s.ipTos, "ip-tos");
        add(n, s.ipDst, "ip-dst");
        return n;
    }

    private static List<String> maskMembers(FlowSpec s) {
        List<String> n = new ArrayList<>();
        add(n, s.inPportMask, "in-pport");
        add(n, s.tunnelIdMask, "tunnel-id");
        add(n, s.vlanIdMask, "vlan-id");
        add(n, s.ethSrcMask, "eth-src");
        add(n, s.ethDstMask, "eth-dst");
        add(n, s.ipProtoMask, "ip-proto");
        add(n, s.ipTosMask, "ip-tos");
        return n;
    }

    private static List<String> actionMembers(FlowSpec s) {
        List<String> n = new ArrayList<>();
        add(n, s.gotoTbl, "goto-tbl");
        add(n, s.groupId, "group-id");
        add(n, s.tunnelLport, "tunnel-lport");
        add(n, s.actionVlanId, "vlan-id");
        add(n, s.newVlanId, "new-vlan-id");
        add(n, s.outPport, "out-pport");
        add(n, s.copyToCpu, "copy-to-cpu");
        add(n, s.clearActions, "clear-actions");
        return n;
    }

    private static void add(List<String> names, Object value, String name) {
        if (value != null) {
            names.add(name);
        }
    }

    static void inPport(FlowSpec s, FlowKey key, FlowKey mask) {
        if (s.inPport != null || s.inPportMask != null) {
            key.inPport(s.inPport == null ? 0 : s.inPport);
            mask.inPport(s.inPportMask == null ? 0xffff_ffffL : s.inPportMask);
        }
    }

    static void vlanId(FlowSpec s, FlowKey key, FlowKey mask) {
        if (s.vlanId != null || s.vlanIdMask != null) {
            key.vlanId(s.vlanId == null ? 0 : s.vlanId);
            mask.vlanId(s.vlanIdMask == null ? 0xffff : s.vlanIdMask);
        }
    }

    static void ethDst(FlowSpec s, FlowKey key, FlowKey mask) {
        if (s.ethDst != null || s.ethDstMask != null) {
            key.ethDst(s.ethDst == null ? 0 : s.ethDst);
            mask.ethDst(s.ethDstMask == null ? FlowKey.MAC_ALL : s.ethDstMask);
        }
    }

    private static void ethSrc(FlowSpec s, FlowKey key, FlowKey mask) {
        if (s.ethSrc != null || s.ethSrcMask != null) {
            key.ethSrc(s.ethSrc == null ? 0 : s.ethSrc);
            mask.ethSrc(s.ethSrcMask == null ? FlowKey.MAC_ALL : s.ethSrcMask);
        }
    }

    private static void ethType(int type, FlowKey key, FlowKey mask) {
        key.ethType(type);
        mask.ethType(type != 0 ? 0xffff : 0);
    }

    private static boolean isFrontPanel(long pport) {
        return pport >= 1 && pport <= OfDpaWorld.FP_PORTS_MAX;
    }

    static void gotoMustBe(FlowSpec s, int wanted, String message) throws OfDpaException {
        if (s.gotoTbl != null && s.gotoTbl != wanted) {
            throw new OfDpaException(message);
        }
    }

    private static void ingressPort(FlowSpec s, FlowKey key, FlowKey mask) throws OfDpaException {
        if (s.inPport == null || s.gotoTbl == null) {
            throw new OfDpaException("Must give in_pport and goto_tbl to install ingress port tbl entry");
        }
        inPport(s, key, mask);
        boolean overlayTunnel = (s.inPport & 0x0001_0000L) != 0;
        if (!overlayTunnel && s.gotoTbl != Tables.VLAN) {
            throw new OfDpaException("Goto tbl (" + s.gotoTbl + ") must be VLAN");
        }
        if (overlayTunnel && s.gotoTbl != Tables.BRIDGING) {
            throw new OfDpaException("Goto tbl (" + s.gotoTbl + ") must be BRIDGING for a tunnel port");
        }
    }

    private static void vlan(FlowSpec s, FlowKey key, FlowKey mask) throws OfDpaException {
        if (s.inPport == null || s.vlanId == null) {
            throw new OfDpaException("Must give in_pport and vlan_id to install VLAN tbl entry");
        }
        if (!isFrontPanel(s.inPport)) {
            throw new OfDpaException("in_pport (" + s.inPport + ") not a front-panel port");
        }
        key.inPport(s.inPport);
        mask.inPport(0xffff_ffffL);
        vlanId(s, key, mask);
        gotoMustBe(s, Tables.TERMINATION_MAC, "Goto tbl (" + s.gotoTbl + ") must be TERM_MAC");
        if (s.vlanId == 0) {
            if (s.newVlanId == null) {
                throw new OfDpaException("Must specify new vlan_id if untagged");
            }
            if (s.newVlanId < 1 || s.newVlanId > 4095) {
                throw new OfDpaException("New vlan_id (" + s.newVlanId + ") must be between 1 and 4095");
            }
        } else if (s.newVlanId != null) {
            throw new OfDpaException("New vlan_id is only pushed on untagged frames (vlan_id 0)");
        }
    }

    private static void terminationMac(FlowSpec s, FlowKey key, FlowKey mask) throws OfDpaException {
        if (s.inPport == null || s.ethType == null || s.ethDst == null || s.vlanId == null) {
            throw new OfDpaException("Must give in_pport, eth_type, eth_dst and vlan_id to install TERM_MAC tbl entry");
        }
        if (!isFrontPanel(s.inPport)) {
            throw new OfDpaException("in_pport (" + s.inPport + ") not a front-panel port");
        }
        inPport(s, key, mask);
        if (s.ethType != 0x0800 && s.ethType != 0x86dd) {
            throw new OfDpaException(String.format("Eth type (0x%04x) must be IPv4 or IPv6", s.ethType));
        }
        ethType(s.ethType, key, mask);
        ethDst(s, key, mask);
        boolean unicast = (key.ethDst() & 0x0100_0000_0000L) == 0;
        boolean multicast = key.ethDst() == 0x0100_5e00_0000L && mask.ethDst() == 0xffff_ff80_0000L
                || key.ethDst() == 0x3333_0000_0000L && mask.ethDst() == 0xffff_0000_0000L;
        if (!unicast && !multicast) {
            throw new OfDpaException("Dst MAC must be unicast or an IPv4/IPv6 multicast wildcard");
        }
        vlanId(s, key, mask);
        if (s.gotoTbl != null) {
            if (s.gotoTbl != Tables.UNICAST_ROUTING && s.gotoTbl != Tables.MULTICAST_ROUTING) {
                throw new OfDpaException("Goto tbl (" + s.gotoTbl + ") must be UNICAST_ROUTING or MULTICAST_ROUTING");
            }
            if (unicast && s.gotoTbl != Tables.UNICAST_ROUTING) {
                throw new OfDpaException("Goto tbl (" + s.gotoTbl + ") must be UNICAST_ROUTING for a unicast dst MAC");
            }
            if (multicast && s.gotoTbl != Tables.MULTICAST_ROUTING) {
                throw new OfDpaException("Goto tbl (" + s.gotoTbl + ") must be MULTICAST_ROUTING for a multicast dst MAC");
            }
        }
    }

    private static IpPrefix ipDst(FlowSpec s, int ethType) throws OfDpaException {
        if (s.ipDst == null) {
            throw new OfDpaException("Must give ip_dst to install a routing tbl entry");
        }
        if (s.ipDst.isIpv6() != (ethType == 0x86dd)) {
            throw new OfDpaException("ip_dst " + s.ipDst + " is not an " + (ethType == 0x86dd ? "IPv6" : "IPv4") + " address");
        }
        return s.ipDst;
    }

    private static void setIpDst(IpPrefix dst, FlowKey key, FlowKey mask) {
        if (dst.isIpv6()) {
            key.ipv6Dst(dst.address());
            mask.ipv6Dst(dst.ipv6Mask());
        } else {
            key.ipv4Dst(dst.ipv4());
            mask.ipv4Dst(dst.ipv4Mask());
        }
    }

    private static int routingEthType(FlowSpec s, FlowKey key, FlowKey mask) throws OfDpaException {
        if (s.ethType == null) {
            throw new OfDpaException("Must give eth_type to install a routing tbl entry");
        }
        if (s.ethType != 0x0800 && s.ethType != 0x86dd) {
            throw new OfDpaException(String.format("Eth type (0x%04x) must be IPv4 or IPv6", s.ethType));
        }
        ethType(s.ethType, key, mask);
        return s.ethType;
    }

    private static int unicastRouting(FlowSpec s, FlowKey key, FlowKey mask) throws OfDpaException {
        IpPrefix dst = ipDst(s, routingEthType(s, key, mask));
        if (dst.isMulticast()) {
            throw new OfDpaException("Unicast routing ip_dst " + dst + " is multicast");
        }
        setIpDst(dst, key, mask);
        gotoMustBe(s, Tables.ACL_POLICY, "Unicast routing goto tbl must be ACL policy");
        if (s.groupId != null) {
            int type = GroupId.type((int) (long) s.groupId);
            if (type != GroupId.L2_INTERFACE && type != GroupId.L3_UNICAST && type != GroupId.L3_ECMP) {
                throw new OfDpaException(String.format(
                        "Unicast routing needs L2 interface, L3 unicast or L3 ECMP group (0x%08x)", s.groupId));
            }
        }
        return dst.length();
    }

    private static void multicastRouting(FlowSpec s, FlowKey key, FlowKey mask) throws OfDpaException {
        int ethType = routingEthType(s, key, mask);
        if (s.vlanId == null) {
            throw new OfDpaException("Must give eth_type and vlan_id to install a multicast routing tbl entry");
        }
        vlanId(s, key, mask);
        IpPrefix dst = ipDst(s, ethType);
        if (!dst.isMulticast()) {
            throw new OfDpaException("Multicast routing ip_dst " + dst + " is not multicast");
        }
        setIpDst(dst, key, mask);
        gotoMustBe(s, Tables.ACL_POLICY, "Multicast routing goto tbl must be ACL policy");
        if (s.groupId != null && GroupId.type((int) (long) s.groupId) != GroupId.L3_MULTICAST) {
            throw new OfDpaException(String.format("Multicast routing needs L3 multicast group (0x%08x)", s.groupId));
        }
    }

    private static void acl(FlowSpec s, FlowKey key, FlowKey mask) throws OfDpaException {
        if (s.inPport == null && s.inPportMask == null || s.ethType == null) {
            throw new OfDpaException("Must give in_pport and eth_type to install ACL tbl entry");
        }
        inPport(s, key, mask);
        ethSrc(s, key, mask);
        ethDst(s, key, mask);
        ethType(s.ethType, key, mask);
        vlanId(s, key, mask);
        if (key.vlanId() == 0) {
            throw new OfDpaException("Only VLAN ACL modes are supported: give a non-zero vlan_id");
        }
        boolean ip = s.ethType == 0x0800 || s.ethType == 0x86dd;
        if (!ip && (s.ipProto != null || s.ipProtoMask != null || s.ipTos != null || s.ipTosMask != null)) {
            throw new OfDpaException("ip_proto and ip_tos need eth_type IPv4 or IPv6");
        }
        if (s.ipProto != null || s.ipProtoMask != null) {
            key.ipProto(s.ipProto == null ? 0 : s.ipProto);
            mask.ipProto(s.ipProtoMask == null ? 0xff : s.ipProtoMask);
        }
        if (s.ipTos != null || s.ipTosMask != null) {
            key.ipTos(s.ipTos == null ? 0 : s.ipTos);
            mask.ipTos(s.ipTosMask == null ? 0xff : s.ipTosMask);
        }
    }
}
