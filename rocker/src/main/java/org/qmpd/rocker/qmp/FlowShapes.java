package org.qmpd.rocker.qmp;

import com.fasterxml.jackson.databind.node.ObjectNode;

import org.qmpd.core.api.Arguments;
import org.qmpd.core.api.QmpException;
import org.qmpd.rocker.ofdpa.Bytes;
import org.qmpd.rocker.ofdpa.Flow;
import org.qmpd.rocker.ofdpa.FlowAction;
import org.qmpd.rocker.ofdpa.FlowKey;
import org.qmpd.rocker.ofdpa.FlowSpec;
import org.qmpd.rocker.ofdpa.IpPrefix;

/**
 * Between the flow shapes of QMP and the world's flows: {@link #spec} reads the arguments of
 * the flow commands ({@code cookie}, {@code key}, {@code mask}, {@code action}, as
 * {@code query-rocker-of-dpa-flows} returns them); {@link #info} writes a flow the way QEMU's
 * {@code of_dpa_flow_fill} does, so what is read can be written back.
 */
public final class FlowShapes {
    private FlowShapes() {
    }

    static FlowSpec spec(Arguments args) throws QmpException {
        FlowSpec s = new FlowSpec();
        s.cookie = Dict.uint64(args.json().get("cookie"), "cookie");
        if (args.has("hits")) {
            Dict.uint64(args.json().get("hits"), "hits");
        }
        Dict key = new Dict(args.dict("key"));
        s.priority = key.required(key.uint32("priority"), "priority");
        s.tblId = key.required(key.uint32("tbl-id"), "tbl-id");
        s.inPport = key.uint32("in-pport");
        s.tunnelId = key.uint32("tunnel-id");
        s.vlanId = key.uint16("vlan-id");
        s.ethType = key.uint16("eth-type");
        s.ethSrc = key.mac("eth-src");
        s.ethDst = key.mac("eth-dst");
        s.ipProto = key.uint8("ip-proto");
        s.ipTos = key.uint8("ip-tos");
        s.ipDst = key.prefix("ip-dst");
        key.end();
        ObjectNode maskNode = args.dict("mask");
        if (maskNode != null) {
            Dict mask = new Dict(maskNode);
            s.inPportMask = mask.uint32("in-pport");
            s.tunnelIdMask = mask.uint32("tunnel-id");
            s.vlanIdMask = mask.uint16("vlan-id");
            s.ethSrcMask = mask.mac("eth-src");
            s.ethDstMask = mask.mac("eth-dst");
            s.ipProtoMask = mask.uint8("ip-proto");
            s.ipTosMask = mask.uint8("ip-tos");
            mask.end();
        }
        ObjectNode actionNode = args.dict("action");
        if (actionNode != null) {
            Dict action = new Dict(actionNode);
            s.gotoTbl = action.uint32("goto-tbl");
            s.groupId = action.uint32("group-id");
            s.tunnelLport = action.uint32("tunnel-lport");
            s.actionVlanId = action.uint16("vlan-id");
            s.newVlanId = action.uint16("new-vlan-id");
            s.outPport = action.uint32("out-pport");
            s.copyToCpu = action.uint8("copy-to-cpu");
            s.clearActions = action.uint8("clear-actions");
            action.end();
        }
        return s;
    }

    /** A flow as {@code of_dpa_flow_fill} reports it. */
    public static FlowInfo info(Flow f) {
        FlowKey k = f.key();
        FlowKey m = f.mask();
        boolean inPport = k.inPport() != 0 || m.inPport() != 0;
        boolean vlan = k.vlanId() != 0 || m.vlanId() != 0;
        boolean tunnel = k.tunnelId() != 0 || m.tunnelId() != 0;
        boolean src = k.ethSrc() != 0 || m.ethSrc() != 0;
        boolean dst = k.ethDst() != 0 || m.ethDst() != 0;
        int type = k.ethType();
        boolean ip = type == 0x0800 || type == 0x86dd;
        boolean proto = ip && (k.ipProto() != 0 || m.ipProto() != 0);
        boolean tos = ip && (k.ipTos() != 0 || m.ipTos() != 0);
        FlowInfo.Key key = new FlowInfo.Key(f.priority(), f.tblId(),
                inPport ? k.inPport() : null,
                tunnel ? k.tunnelId() : null,
                vlan ? k.vlanId() : null,
                type != 0 ? type : null,
                src ? Bytes.macString(k.ethSrc()) : null,
                dst ? Bytes.macString(k.ethDst()) : null,
                proto ? k.ipProto() : null,
                tos ? k.ipTos() : null,
                ipDst(k, m, type));
        FlowInfo.Mask mask = new FlowInfo.Mask(
                inPport && m.inPport() != 0xffff_ffffL ? m.inPport() : null,
                tunnel && m.tunnelId() != 0xffff_ffffL ? m.tunnelId() : null,
                vlan && m.vlanId() != 0xffff ? m.vlanId() : null,
                src && m.ethSrc() != FlowKey.MAC_ALL ? Bytes.macString(m.ethSrc()) : null,
                dst && m.ethDst() != FlowKey.MAC_ALL ? Bytes.macString(m.ethDst()) : null,
                proto && m.ipProto() != 0xff ? m.ipProto() : null,
                tos && m.ipTos() != 0xff ? m.ipTos() : null);
        FlowAction a = f.action();
        FlowInfo.Action action = new FlowInfo.Action(
                a.gotoTbl() != 0 ? (long) a.gotoTbl() : null,
                a.groupId() != 0 ? Integer.toUnsignedLong(a.groupId()) : null,
                a.tunnelLport() != 0 ? a.tunnelLport() : null,
                null,
                a.newVlanId() != 0 ? a.newVlanId() : null,
                null,
                a.copyToCpu() != 0 ? a.copyToCpu() : null,
                a.clearActions() != 0 ? a.clearActions() : null);
        return new FlowInfo(Switches.unsigned(f.cookie()), Switches.unsigned(f.hits()), key, mask, action);
    }

    /**
     * {@code a.b.c.d/len} for IPv4 flows, as QEMU prints it (the length counted as
     * {@code of_dpa_mask2prefix} counts it); IPv6 flows, which QEMU cannot show, the same way.
     */
    private static String ipDst(FlowKey k, FlowKey m, int type) {
        if (type == 0x0800 && (k.ipv4Dst() != 0 || m.ipv4Dst() != 0)) {
            byte[] a = new byte[4];
            long v = k.ipv4Dst();
            for (int i = 0; i < 4; i++) {
                a[i] = (byte) (v >>> (24 - 8 * i));
            }
            int prefix = m.ipv4Dst() == 0 ? 0 : 32 - Long.numberOfTrailingZeros(m.ipv4Dst());
            return IpPrefix.format(a) + "/" + prefix;
        }
        if (type == 0x86dd && !(k.ipv6DstIsZero() && m.ipv6DstIsZero())) {
            int prefix = 0;
            for (byte b : m.ipv6Dst()) {
                prefix += Integer.bitCount(b & 0xff);
            }
            return IpPrefix.format(k.ipv6Dst()) + "/" + prefix;
        }
        return null;
    }
}
