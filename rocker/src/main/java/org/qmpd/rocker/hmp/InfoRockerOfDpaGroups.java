package org.qmpd.rocker.hmp;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.qmpd.core.api.HmpCommand;
import org.qmpd.core.api.HmpCommandHandler;
import org.qmpd.core.api.Session;
import org.qmpd.rocker.device.Rocker;
import org.qmpd.rocker.device.Rockers;
import org.qmpd.rocker.ofdpa.GroupId;
import org.qmpd.rocker.qmp.GroupInfo;
import org.qmpd.rocker.qmp.QueryRockerOfDpaGroups;

/** HMP {@code info rocker-of-dpa-groups NAME [TYPE]}: one line per group, as 2.4's {@code hmp_rocker_of_dpa_groups}. */
@Component(service = HmpCommandHandler.class)
@HmpCommand(name = "info rocker-of-dpa-groups", params = "name [type]", help = "Show rocker OF-DPA groups")
public final class InfoRockerOfDpaGroups implements HmpCommandHandler {
    @Reference
    private Rockers rockers;

    @Override
    public String execute(String arguments, Session session) {
        HmpArgs a = HmpArgs.parse("rocker-of-dpa-groups", arguments, true);
        if (a.error != null) {
            return a.error;
        }
        Rocker r = rockers.find(a.name);
        if (r == null) {
            return "rocker " + a.name + " not found\n";
        }
        long type = a.number == null || a.number == 9 ? -1 : a.number;
        StringBuilder out = new StringBuilder("id (decode) --> buckets\n");
        for (GroupInfo g : QueryRockerOfDpaGroups.list(r, type)) {
            line(out, g);
        }
        return out.toString();
    }

    private static void line(StringBuilder out, GroupInfo g) {
        out.append(String.format("0x%08x", g.id())).append(" (type ").append(GroupId.typeName(g.type()));
        if (g.vlanId() != null) {
            out.append(" vlan ").append(g.vlanId());
        }
        if (g.pport() != null) {
            out.append(" pport ").append(g.pport());
        }
        if (g.index() != null) {
            out.append(" index ").append(g.index());
        }
        out.append(") -->");
        boolean set = false;
        if (g.setVlanId() != null && g.setVlanId() != 0) {
            set = true;
            out.append(" set vlan ").append(g.setVlanId() & 0xfff);
        }
        if (g.setEthSrc() != null) {
            if (!set) {
                set = true;
                out.append(" set");
            }
            out.append(" src ").append(g.setEthSrc());
        }
        if (g.setEthDst() != null) {
            if (!set) {
                out.append(" set");
            }
            out.append(" dst ").append(g.setEthDst());
        }
        if (g.ttlCheck() != null && g.ttlCheck() != 0) {
            out.append(" check TTL");
        }
        if (g.groupId() != null && g.groupId() != 0) {
            out.append(String.format(" group id 0x%08x", g.groupId()));
        }
        if (g.popVlan() != null && g.popVlan() != 0) {
            out.append(" pop vlan");
        }
        if (g.outPport() != null) {
            out.append(" out pport ").append(g.outPport());
        }
        if (g.groupIds() != null) {
            out.append(" groups [");
            for (int i = 0; i < g.groupIds().size(); i++) {
                out.append(String.format("0x%08x", g.groupIds().get(i)));
                if (i + 1 < g.groupIds().size()) {
                    out.append(',');
                }
            }
            out.append(']');
        }
        out.append('\n');
    }
}
