package org.qmpd.rocker.hmp;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.qmpd.core.api.HmpCommand;
import org.qmpd.core.api.HmpCommandHandler;
import org.qmpd.core.api.Session;
import org.qmpd.rocker.device.Rocker;
import org.qmpd.rocker.device.Rockers;
import org.qmpd.rocker.qmp.FlowInfo;
import org.qmpd.rocker.qmp.QueryRockerOfDpaFlows;

/** HMP {@code info rocker-of-dpa-flows NAME [TBL_ID]}: one line per flow, as 2.4's {@code hmp_rocker_of_dpa_flows}. */
@Component(service = HmpCommandHandler.class)
@HmpCommand(name = "info rocker-of-dpa-flows", params = "name [tbl_id]", help = "Show rocker OF-DPA flow tables")
public final class InfoRockerOfDpaFlows implements HmpCommandHandler {
    @Reference
    private Rockers rockers;

    @Override
    public String execute(String arguments, Session session) {
        HmpArgs a = HmpArgs.parse("rocker-of-dpa-flows", arguments, true);
        if (a.error != null) {
            return a.error;
        }
        Rocker r = rockers.find(a.name);
        if (r == null) {
            return "rocker " + a.name + " not found\n";
        }
        StringBuilder out = new StringBuilder("prio tbl hits key(mask) --> actions\n");
        for (FlowInfo f : QueryRockerOfDpaFlows.list(r, a.number == null ? -1 : a.number)) {
            line(out, f);
        }
        return out.toString();
    }

    private static void line(StringBuilder out, FlowInfo f) {
        FlowInfo.Key k = f.key();
        FlowInfo.Mask m = f.mask();
        FlowInfo.Action a = f.action();
        if (f.hits().longValue() != 0) {
            out.append(String.format("%-4d %-3d %-4d", k.priority(), k.tblId(), f.hits()));
        } else {
            out.append(String.format("%-4d %-3d     ", k.priority(), k.tblId()));
        }
        if (k.inPport() != null) {
            out.append(" pport ").append(k.inPport());
            if (m.inPport() != null) {
                out.append(String.format("(0x%x)", m.inPport()));
            }
        }
        if (k.vlanId() != null) {
            out.append(" vlan ").append(k.vlanId() & 0xfff);
            if (m.vlanId() != null) {
                out.append(String.format("(0x%x)", m.vlanId()));
            }
        }
        if (k.tunnelId() != null) {
            out.append(" tunnel ").append(k.tunnelId());
            if (m.tunnelId() != null) {
                out.append(String.format("(0x%x)", m.tunnelId()));
            }
        }
        if (k.ethType() != null) {
            switch (k.ethType()) {
                case 0x0806: out.append(" ARP"); break;
                case 0x0800: out.append(" IP"); break;
                case 0x86dd: out.append(" IPv6"); break;
                case 0x8809: out.append(" LACP"); break;
                case 0x88cc: out.append(" LLDP"); break;
                default: out.append(String.format(" eth type 0x%04x", k.ethType())); break;
            }
        }
        mac(out, "src", k.ethSrc(), m.ethSrc());
        mac(out, "dst", k.ethDst(), m.ethDst());
        if (k.ipProto() != null) {
            out.append(" proto ").append(k.ipProto());
            if (m.ipProto() != null) {
                out.append(String.format("(0x%x)", m.ipProto()));
            }
        }
        if (k.ipTos() != null) {
            out.append(" TOS ").append(k.ipTos());
            if (m.ipTos() != null) {
                out.append(String.format("(0x%x)", m.ipTos()));
            }
        }
        if (k.ipDst() != null) {
            out.append(" dst ").append(k.ipDst());
        }
        if (a.gotoTbl() != null || a.groupId() != null || a.newVlanId() != null) {
            out.append(" -->");
        }
        if (a.newVlanId() != null) {
            out.append(" apply new vlan ").append(a.newVlanId());
        }
        if (a.groupId() != null) {
            out.append(String.format(" write group 0x%08x", a.groupId()));
        }
        if (a.gotoTbl() != null) {
            out.append(" goto tbl ").append(a.gotoTbl());
        }
        out.append('\n');
    }

    private static void mac(StringBuilder out, String what, String key, String mask) {
        if (key == null) {
            return;
        }
        if (key.equals("01:00:00:00:00:00") && "01:00:00:00:00:00".equals(mask)) {
            out.append(' ').append(what).append(" <any mcast/bcast>");
        } else if (key.equals("00:00:00:00:00:00") && "01:00:00:00:00:00".equals(mask)) {
            out.append(' ').append(what).append(" <any ucast>");
        } else {
            out.append(' ').append(what).append(' ').append(key);
            if (mask != null) {
                out.append('(').append(mask).append(')');
            }
        }
    }
}
