package org.qmpd.core.qmp;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.qmpd.core.api.Arguments;
import org.qmpd.core.api.CommandHandler;
import org.qmpd.core.api.QmpCommand;
import org.qmpd.core.api.QmpException;
import org.qmpd.core.api.Session;
import org.qmpd.core.device.DeviceTree;

/**
 * {@code device_del} ({@code id:s}): unplugs the device with that id; DEVICE_DELETED follows.
 * An unknown id is DeviceNotFound {@code Device 'x' not found}.
 */
@Component(service = CommandHandler.class)
@QmpCommand(name = "device_del", args = "id:s", params = "device", help = "remove device")
public final class DeviceDel implements CommandHandler {
    @Reference
    private DeviceTree devices;

    @Override
    public Object execute(Arguments args, Session session) throws QmpException {
        devices.delete(args.string("id"));
        return null;
    }
}
