package org.qmpd.rocker.ofdpa;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.function.Consumer;

import org.junit.jupiter.api.Test;

/** Each table refuses what QEMU's of_dpa_cmd_add_* refuses; masks left out mean an exact match. */
class FlowRulesTest {
    private static Flow build(int tbl, Consumer<FlowSpec> fill) throws OfDpaException {
        FlowSpec s = new FlowSpec();
        s.cookie = 1;
        s.priority = 1L;
        s.tblId = (long) tbl;
        fill.accept(s);
        return FlowRules.build(s);
    }

    private static String refusal(int tbl, Consumer<FlowSpec> fill) {
        return assertThrows(OfDpaException.class, () -> build(tbl, fill)).getMessage();
    }

    @Test
    void ingressPortGoesToVlanOrToBridgingForTunnels() throws Exception {
        assertEquals("Goto tbl (20) must be VLAN", refusal(0, s -> {
            s.inPport = 1L;
            s.gotoTbl = 20L;
        }));
        assertEquals(0xffff_ffffL, build(0, s -> {
            s.inPport = 1L;
            s.gotoTbl = 10L;
        }).mask().inPport());
        build(0, s -> {
            s.inPport = 0x10001L;
            s.gotoTbl = 50L;
        });
    }

    @Test
    void vlanTableChecksAsQemu() {
        assertEquals("Must give in_pport and vlan_id to install VLAN tbl entry", refusal(10, s -> s.inPport = 1L));
        assertEquals("in_pport (63) not a front-panel port", refusal(10, s -> {
            s.inPport = 63L;
            s.vlanId = 5;
        }));
        assertEquals("Must specify new vlan_id if untagged", refusal(10, s -> {
            s.inPport = 1L;
            s.vlanId = 0;
        }));
        assertEquals("New vlan_id (4096) must be between 1 and 4095", refusal(10, s -> {
            s.inPport = 1L;
            s.vlanId = 0;
            s.newVlanId = 4096;
        }));
        assertEquals("Goto tbl (50) must be TERM_MAC", refusal(10, s -> {
            s.inPport = 1L;
            s.vlanId = 7;
            s.gotoTbl = 50L;
        }));
    }

    @Test
    void bridgingModesNeedTheirGroupTypes() {
        assertEquals("Unknown bridging mode", refusal(50, s -> s.ethDst = 1L));
        assertEquals("can't do VLAN bridging and tunnel bridging at same time", refusal(50, s -> {
            s.vlanId = 1;
            s.tunnelId = 2L;
        }));
        assertEquals("Bridging mode vlan ucast needs L2 interface group (0x40010001)", refusal(50, s -> {
            s.vlanId = 1;
            s.ethDst = 2L;
            s.groupId = (long) GroupId.l2Flood(1, 1);
        }));
        assertEquals("Bridging mode vlan dflt needs L2 flood group (0x00010001)", refusal(50, s -> {
            s.vlanId = 1;
            s.groupId = (long) GroupId.l2Interface(1, 1);
        }));
        assertEquals("Bridging goto tbl must be ACL policy", refusal(50, s -> {
            s.vlanId = 1;
            s.gotoTbl = 30L;
        }));
    }

    @Test
    void membersATableDoesNotUseAreRefused() {
        assertEquals("table 30 (unicast routing) flows do not match on 'in-pport'", refusal(30, s -> s.inPport = 1L));
        assertEquals("table 60 (ACL policy) flows take no action 'goto-tbl'", refusal(60, s -> s.gotoTbl = 10L));
        assertEquals("table 10 (VLAN) flows take no mask for 'in-pport'", refusal(10, s -> s.inPportMask = 1L));
        assertEquals("Invalid table id 7", refusal(7, s -> { }));
    }

    @Test
    void aclNeedsAVlanAndIpFieldsNeedIp() {
        assertEquals("Only VLAN ACL modes are supported: give a non-zero vlan_id", refusal(60, s -> {
            s.inPport = 1L;
            s.ethType = 0x0800;
        }));
        assertEquals("ip_proto and ip_tos need eth_type IPv4 or IPv6", refusal(60, s -> {
            s.inPport = 1L;
            s.ethType = 0x0806;
            s.vlanId = 1;
            s.ipProto = 6;
        }));
    }

    @Test
    void routingNeedsAnIpDestinationOfItsFamily() throws Exception {
        assertEquals("Unicast routing ip_dst 224.0.0.1/32 is multicast", refusal(30, s -> {
            s.ethType = 0x0800;
            s.ipDst = IpPrefix.parse("224.0.0.1");
        }));
        assertEquals("ip_dst ::1/128 is not an IPv4 address", refusal(30, s -> {
            s.ethType = 0x0800;
            s.ipDst = IpPrefix.parse("::1");
        }));
        Flow f = build(30, s -> {
            s.ethType = 0x86dd;
            s.ipDst = IpPrefix.parse("2001:db8::/32");
        });
        assertEquals(32, f.lpm());
        assertEquals("Multicast routing needs L3 multicast group (0x20000001)", refusal(40, s -> {
            s.ethType = 0x0800;
            s.vlanId = 5;
            s.ipDst = IpPrefix.parse("239.1.1.1");
            s.groupId = (long) GroupId.l3Unicast(1);
        }));
    }

    @Test
    void termMacAcceptsUnicastAndTheMulticastWildcardsOnly() throws Exception {
        assertEquals("Dst MAC must be unicast or an IPv4/IPv6 multicast wildcard", refusal(20, s -> {
            s.inPport = 1L;
            s.ethType = 0x0800;
            s.ethDst = 0x0100_5e00_0001L;
            s.vlanId = 1;
        }));
        build(20, s -> {
            s.inPport = 1L;
            s.ethType = 0x0800;
            s.ethDst = 0x0100_5e00_0000L;
            s.ethDstMask = 0xffff_ff80_0000L;
            s.vlanId = 1;
            s.gotoTbl = 40L;
        });
    }
}
