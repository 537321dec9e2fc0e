package org.qmpd.rocker.qmp;

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
import org.qmpd.rocker.net.NetBackend;
import org.qmpd.rocker.net.Netdevs;

/**
 * {@code x-rocker-port-set}: what the driver sets on a port ({@code pport}, 1-based, of switch
 * {@code name}): {@code enable} (QEMU's {@code PORT_PHYS_ENABLE}), {@code link} (the link set
 * up or down, as {@code set_link}), {@code learning} (whether MACs seen on the port are
 * learned, as the driver's bridge port flag; on by default), {@code speed}, {@code duplex}
 * and {@code autoneg} (port settings), and {@code netdev}, the backend to attach the port to
 * ({@code ""} detaches it). Everything is checked before anything changes.
 */
@Component(service = CommandHandler.class)
@QmpCommand(name = "x-rocker-port-set",
        args = "name:s,pport:i,enable:b?,link:b?,learning:b?,netdev:s?,speed:i?,duplex:s?,autoneg:s?")
public final class RockerPortSet implements CommandHandler {
    @Reference
    private Rockers rockers;

    @Reference
    private Netdevs netdevs;

    @Override
    public Object execute(Arguments args, Session session) throws QmpException {
        long pport = args.uint32("pport", 0);
        long speed = args.uint32("speed", -1);
        String duplex = args.enumValue("duplex", null, "half", "full");
        String autoneg = args.enumValue("autoneg", null, "off", "on");
        Rocker r = Switches.find(rockers, args.string("name"));
        FpPort port = r.port(pport);
        if (port == null) {
            throw QmpException.generic("rocker " + r.name() + " has no pport " + pport);
        }
        NetBackend backend = null;
        String netdev = args.string("netdev");
        if (netdev != null && !netdev.isEmpty()) {
            String property = "Property 'rocker.ports[" + (pport - 1) + "]' ";
            backend = netdevs.find(netdev);
            if (backend == null) {
                throw QmpException.generic(property + "can't find value '" + netdev + "'");
            }
            if (backend.peer() != null && backend.peer() != port) {
                throw QmpException.generic(property + "can't take value '" + netdev + "', it's in use");
            }
        }
        if (netdev != null) {
            port.attach(backend);
        }
        if (args.has("enable")) {
            port.setEnabled(args.bool("enable", false));
        }
        if (args.has("link")) {
            port.setLink(args.bool("link", true));
        }
        if (args.has("learning")) {
            port.setLearning(args.bool("learning", true));
        }
        if (speed >= 0 || duplex != null || autoneg != null) {
            port.setSettings(speed >= 0 ? speed : port.speed(),
                    duplex != null ? duplex.equals("full") : port.fullDuplex(),
                    autoneg != null ? autoneg.equals("on") : port.autoneg());
        }
        return null;
    }
}
