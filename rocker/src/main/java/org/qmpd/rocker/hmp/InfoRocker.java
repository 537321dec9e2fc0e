package org.qmpd.rocker.hmp;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.qmpd.core.api.HmpCommand;
import org.qmpd.core.api.HmpCommandHandler;
import org.qmpd.core.api.Session;
import org.qmpd.rocker.device.Rocker;
import org.qmpd.rocker.device.Rockers;

/** HMP {@code info rocker NAME}: name, id in hex and port count, as 2.4's {@code hmp_rocker}. */
@Component(service = HmpCommandHandler.class)
@HmpCommand(name = "info rocker", params = "name", help = "Show rocker switch")
public final class InfoRocker implements HmpCommandHandler {
    @Reference
    private Rockers rockers;

    @Override
    public String execute(String arguments, Session session) {
        HmpArgs a = HmpArgs.parse("rocker", arguments, false);
        if (a.error != null) {
            return a.error;
        }
        Rocker r = rockers.find(a.name);
        if (r == null) {
            return "rocker " + a.name + " not found\n";
        }
        return "name: " + r.name() + "\nid: 0x" + Long.toHexString(r.switchId()) + "\nports: " + r.ports().size() + "\n";
    }
}
