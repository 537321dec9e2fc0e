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
import org.qmpd.rocker.ofdpa.GroupRules;
import org.qmpd.rocker.ofdpa.GroupSpec;
import org.qmpd.rocker.ofdpa.OfDpaException;

/**
 * {@code x-rocker-of-dpa-group-add}: installs a group ({@code OF_DPA_GROUP_ADD}) given as
 * {@code query-rocker-of-dpa-groups} returns it: its {@code id}, or its {@code type} with the
 * members the id encodes ({@code vlan-id}, {@code pport}, {@code index}), and the members of
 * its type. Refused if the id is taken, the type is one QEMU does not implement, or the
 * type's rules refuse it (see {@code GroupRules}).
 */
@Component(service = CommandHandler.class)
@QmpCommand(name = "x-rocker-of-dpa-group-add", args = GroupShapes.ARGS)
public final class RockerOfDpaGroupAdd implements CommandHandler {
    @Reference
    private Rockers rockers;

    @Override
    public Object execute(Arguments args, Session session) throws QmpException {
        GroupSpec spec = GroupShapes.spec(args);
        Rocker r = Switches.find(rockers, args.string("name"));
        try {
            r.world().addGroup(GroupRules.build(spec, r.world()));
        } catch (OfDpaException e) {
            throw QmpException.generic(e.getMessage());
        }
        return null;
    }
}
