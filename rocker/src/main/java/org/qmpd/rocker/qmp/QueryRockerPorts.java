package org.qmpd.rocker.qmp;

import java.util.ArrayList;
import java.util.List;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.qmpd.core.api.Arguments;
import org.qmpd.core.api.CommandHandler;
import org.qmpd.core.api.QmpCommand;
import org.qmpd.core.api.QmpException;
import org.qmpd.core.api.Session;
import org.qmpd.rocker.device.FpPort;
import org.qmpd.rocker.device.Rocker;
import org.qmpd.rocker.device.Rockers;

/**
 * {@code query-rocker-ports}: each port's name, enabled state, link, speed, duplex and
 * autoneg, in port order ({@code qmp_query_rocker_ports}). {@code link-up} is true while
 * frames flow: the port enabled, its link not set down, its backend connected.
 */
@Component(service = CommandHandler.class)
@QmpCommand(name = "query-rocker-ports", args = "name:s")
public final class QueryRockerPorts implements CommandHandler {
    @Reference
    private Rockers rockers;

    @Override
    public Object execute(Arguments args, Session session) throws QmpException {
        Rocker r = Switches.find(rockers, args.string("name"));
        List<RockerPortInfo> ports = new ArrayList<>();
        for (FpPort p : r.ports()) {
            ports.add(new RockerPortInfo(p.name(), p.enabled(), p.linkUp(), p.speed(),
                    p.fullDuplex() ? "full" : "half", p.autoneg() ? "on" : "off"));
        }
        return ports;
    }
}
