package org.qmpd.block.qmp;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.qmpd.block.graph.BlockBackend;
import org.qmpd.block.nbd.NbdExport;
import org.qmpd.block.service.BlockLayer;
import org.qmpd.core.api.Arguments;
import org.qmpd.core.api.CommandHandler;
import org.qmpd.core.api.ErrorClass;
import org.qmpd.core.api.QmpCommand;
import org.qmpd.core.api.QmpException;
import org.qmpd.core.api.Session;

/** {@code nbd-server-add} of 2.4: exports a device under its own name, read-only unless {@code writable}. */
@Component(service = CommandHandler.class)
@QmpCommand(name = "nbd-server-add", args = "device:B,writable:b?")
public final class NbdServerAdd implements CommandHandler {
    @Reference
    private BlockLayer block;

    @Override
    public Object execute(Arguments args, Session session) throws QmpException {
        String device = args.string("device");
        if (!block.nbd().isRunning()) {
            throw QmpException.generic("NBD server not running");
        }
        if (block.nbd().export(device) != null) {
            throw QmpException.generic("NBD server already exporting device '" + device + "'");
        }
        BlockBackend b = block.graph().backend(device);
        if (b == null && block.graph().node(device) != null) {
            // a node without a device (-blockdev): exported through its own anonymous backend
            b = new BlockBackend("", block.graph().node(device));
        }
        if (b == null) {
            throw new QmpException(ErrorClass.DeviceNotFound, "Device '" + device + "' not found");
        }
        if (b.root() == null) {
            throw QmpException.generic("Device '" + device + "' has no medium");
        }
        boolean writable = args.bool("writable", false) && !b.root().isReadOnly();
        block.nbd().addExport(new NbdExport(device, b, writable));
        return null;
    }
}
