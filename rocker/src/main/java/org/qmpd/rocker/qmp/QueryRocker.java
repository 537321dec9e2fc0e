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

/** {@code query-rocker}: a switch's name, id and number of ports ({@code qmp_query_rocker}). */
@Component(service = CommandHandler.class)
@QmpCommand(name = "query-rocker", args = "name:s")
public final class QueryRocker implements CommandHandler {
    @Reference
    private Rockers rockers;

    @Override
    public Object execute(Arguments args, Session session) throws QmpException {
        Rocker r = Switches.find(rockers, args.string("name"));
        return new RockerSwitchInfo(r.name(), Switches.unsigned(r.switchId()), r.ports().size());
    }
}
