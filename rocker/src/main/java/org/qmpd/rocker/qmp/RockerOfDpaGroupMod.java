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
import org.qmpd.rocker.ofdpa.GroupId;
import org.qmpd.rocker.ofdpa.GroupRules;
import org.qmpd.rocker.ofdpa.GroupSpec;
import org.qmpd.rocker.ofdpa.OfDpaException;

/**
 * {@code x-rocker-of-dpa-group-mod}: replaces the group with this id
 * ({@code OF_DPA_GROUP_MOD}); the arguments are those of {@code x-rocker-of-dpa-group-add}.
 */
@Component(service = CommandHandler.class)
@QmpCommand(name = "x-rocker-of-dpa-group-mod", args = GroupShapes.ARGS)
public final class RockerOfDpaGroupMod implements CommandHandler {
    @Reference
    private Rockers rockers;

    @Override
    public Object execute(Arguments args, Session session) throws QmpException {
        GroupSpec spec = GroupShapes.spec(args);
        Rocker r = Switches.find(rockers, args.string("name"));
        try {
            int id = GroupRules.id(spec);
            if (r.world().group(id) == null) {
                throw new OfDpaException("group " + GroupId.hex(id) + " not found");
            }
            r.world().modGroup(GroupRules.build(spec, r.world()));
        } catch (OfDpaException e) {
            throw QmpException.generic(e.getMessage());
        }
        return null;
    }
}
