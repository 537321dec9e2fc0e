package org.qmpd.rocker.qmp;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.qmpd.core.api.Arguments;
import org.qmpd.core.api.CommandHandler;
import org.qmpd.core.api.QmpCommand;
import org.qmpd.core.api.QmpException;
import org.qmpd.core.api.Session;
import org.qmpd.rocker.device.Rocker;
import org.qmpd.rocker.device.Rockers;
import org.qmpd.rocker.ofdpa.Group;

/**
 * {@code query-rocker-of-dpa-groups}: the groups of one type or, without {@code type}, of
 * every type (the documented behaviour; QEMU's code returns type 0 only), by descending id as
 * the seed's example lists them.
 */
@Component(service = CommandHandler.class)
@QmpCommand(name = "query-rocker-of-dpa-groups", args = "name:s,type:i?")
public final class QueryRockerOfDpaGroups implements CommandHandler {
    @Reference
    private Rockers rockers;

    @Override
    public Object execute(Arguments args, Session session) throws QmpException {
        long type = args.uint8("type", -1);
        return list(Switches.find(rockers, args.string("name")), type);
    }

    /** The groups of type {@code type} (-1: all), as the query lists them. */
    public static List<GroupInfo> list(Rocker r, long type) {
        List<Group> groups = new ArrayList<>(r.world().groups());
        groups.sort(Comparator.comparing(Group::id, Integer::compareUnsigned).reversed());
        List<GroupInfo> result = new ArrayList<>();
        for (Group g : groups) {
            if (type == -1 || g.type() == type) {
                result.add(GroupShapes.info(g));
            }
        }
        return result;
    }
}
