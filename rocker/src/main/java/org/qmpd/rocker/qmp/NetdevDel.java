package org.qmpd.rocker.qmp;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.qmpd.core.api.Arguments;
import org.qmpd.core.api.CommandHandler;
import org.qmpd.core.api.ErrorClass;
import org.qmpd.core.api.QmpCommand;
import org.qmpd.core.api.QmpException;
import org.qmpd.core.api.Session;
import org.qmpd.rocker.net.Netdevs;

/**
 * {@code netdev_del}: closes a backend; the port attached to it loses its link, as a NIC
 * whose peer is deleted. An unknown id is {@code DeviceNotFound}, {@code Device 'x' not found}.
 */
@Component(service = CommandHandler.class)
@QmpCommand(name = "netdev_del", args = "id:s", params = "id", help = "remove host network device")
public final class NetdevDel implements CommandHandler {
    @Reference
    private Netdevs netdevs;

    @Override
    public Object execute(Arguments args, Session session) throws QmpException {
        String id = args.string("id");
        if (!netdevs.remove(id)) {
            throw new QmpException(ErrorClass.DeviceNotFound, "Device '" + id + "' not found");
        }
        return null;
    }
}
