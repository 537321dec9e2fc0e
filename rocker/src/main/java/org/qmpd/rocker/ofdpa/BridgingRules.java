package org.qmpd.rocker.ofdpa;

/**
 * The bridging table's checks ({@code of_dpa_cmd_add_bridging}): a flow bridges on a VLAN or
 * on a tunnel, never both; an exact unicast or multicast destination or a default (wildcard)
 * flow; and each of those modes writes its own group type.
 */
final class BridgingRules {
    private enum Mode { VLAN_UCAST, VLAN_MCAST, VLAN_DFLT, TUNNEL_UCAST, TUNNEL_MCAST, TUNNEL_DFLT }

    private BridgingRules() {
    }

    static void check(FlowSpec s, FlowKey key, FlowKey mask) throws OfDpaException {
        if (s.vlanId != null) {
            key.vlanId(s.vlanId);
            mask.vlanId(0xffff);
        }
        if (s.tunnelId != null) {
            key.tunnelId(s.tunnelId);
            mask.tunnelId(0xffff_ffffL);
        }
        if (key.vlanId() != 0 && key.tunnelId() != 0) {
            throw new OfDpaException("can't do VLAN bridging and tunnel bridging at same time");
        }
        FlowRules.ethDst(s, key, mask);
        boolean dst = s.ethDst != null;
        boolean dstMask = s.ethDstMask != null;
        boolean unicast = dst && (s.ethDst & 0x0100_0000_0000L) == 0;
        Mode mode;
        if (key.vlanId() != 0) {
            mode = dst && !dstMask ? unicast ? Mode.VLAN_UCAST : Mode.VLAN_MCAST : Mode.VLAN_DFLT;
        } else if (key.tunnelId() != 0) {
            mode = dst && !dstMask ? unicast ? Mode.TUNNEL_UCAST : Mode.TUNNEL_MCAST : Mode.TUNNEL_DFLT;
        } else {
            throw new OfDpaException("Unknown bridging mode");
        }
        FlowRules.gotoMustBe(s, Tables.ACL_POLICY, "Bridging goto tbl must be ACL policy");
        if (s.groupId != null) {
            int id = (int) (long) s.groupId;
            int type = GroupId.type(id);
            switch (mode) {
                case VLAN_UCAST:
                    need(type, GroupId.L2_INTERFACE, "Bridging mode vlan ucast needs L2 interface group", id);
                    break;
                case VLAN_MCAST:
                    need(type, GroupId.L2_MULTICAST, "Bridging mode vlan mcast needs L2 mcast group", id);
                    break;
                case VLAN_DFLT:
                    need(type, GroupId.L2_FLOOD, "Bridging mode vlan dflt needs L2 flood group", id);
                    break;
                case TUNNEL_MCAST:
                    need(type, GroupId.L2_OVERLAY, "Bridging mode tunnel mcast needs L2 overlay group", id);
                    break;
                case TUNNEL_DFLT:
                    need(type, GroupId.L2_OVERLAY, "Bridging mode tunnel dflt needs L2 overlay group", id);
                    break;
                default:
                    throw new OfDpaException(String.format("Bridging mode tunnel ucast takes no group (0x%08x)", id));
            }
        }
        if (s.tunnelLport != null && mode != Mode.TUNNEL_UCAST) {
            throw new OfDpaException("Have tunnel logical port but not in bridging tunnel mode");
        }
    }

    private static void need(int type, int wanted, String message, int id) throws OfDpaException {
        if (type != wanted) {
            throw new OfDpaException(String.format("%s (0x%08x)", message, id));
        }
    }
}
