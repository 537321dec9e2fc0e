package org.qmpd.rocker.hmp;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.qmpd.core.api.HmpCommand;
import org.qmpd.core.api.HmpCommandHandler;
import org.qmpd.core.api.Session;
import org.qmpd.rocker.device.FpPort;
import org.qmpd.rocker.device.Rocker;
import org.qmpd.rocker.device.Rockers;

/** HMP {@code info rocker-ports NAME}: the port table of 2.4's {@code hmp_rocker_ports}. */
@Component(service = HmpCommandHandler.class)
@HmpCommand(name = "info rocker-ports", params = "name", help = "Show rocker ports")
public final class InfoRockerPorts implements HmpCommandHandler {
    @Reference
    private Rockers rockers;

    @Override
    public String execute(String arguments, Session session) {
        HmpArgs a = HmpArgs.parse("rocker-ports", arguments, false);
        if (a.error != null) {
            return a.error;
        }
        Rocker r = rockers.find(a.name);
        if (r == null) {
            return "rocker " + a.name + " not found\n";
        }
        StringBuilder out = new StringBuilder("            ena/    speed/ auto\n      port  link    duplex neg?\n");
        for (FpPort p : r.ports()) {
            out.append(String.format("%10s  %-4s   %-3s  %2s  %s\n", p.name(),
                    p.enabled() ? p.linkUp() ? "up" : "down" : "!ena",
                    p.speed() == 10000 ? "10G" : "??", p.fullDuplex() ? "FD" : "HD", p.autoneg() ? "Yes" : "No"));
        }
        return out.toString();
    }
}
