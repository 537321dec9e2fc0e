package org.qmpd.rocker.qmp;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.qmpd.core.api.Arguments;
import org.qmpd.core.api.CommandHandler;
import org.qmpd.core.api.QmpCommand;
import org.qmpd.core.api.QmpException;
import org.qmpd.core.api.Session;
import org.qmpd.rocker.device.Rocker;
import org.qmpd.rocker.device.Rockers;
import org.qmpd.rocker.ofdpa.OfDpaException;

/**
 * {@code x-rocker-of-dpa-group-del}: removes the group with this id ({@code OF_DPA_GROUP_DEL});
 * as in QEMU, flows and groups that name it stay, and drop what would have gone through it.
 */
@Component(service = CommandHandler.class)
@QmpCommand(name = "x-rocker-of-dpa-group-del", args = "name:s,id:i")
public final class RockerOfDpaGroupDel implements CommandHandler {
    @Reference
    private Rockers rockers;

    @Override
    public Object execute(Arguments args, Session session) throws QmpException {
        long id = args.uint32("id", 0);
        Rocker r = Switches.find(rockers, args.string("name"));
        try {
            r.world().delGroup((int) id);
        } catch (OfDpaException e) {
            throw QmpException.generic(e.getMessage());
        }
        return null;
    }
}
