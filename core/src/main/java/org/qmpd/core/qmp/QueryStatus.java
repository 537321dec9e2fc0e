package org.qmpd.core.qmp;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.qmpd.core.api.Arguments;
import org.qmpd.core.api.CommandHandler;
import org.qmpd.core.api.Machine;
import org.qmpd.core.api.QmpCommand;
import org.qmpd.core.api.Session;

/** {@code query-status}: {@code StatusInfo}. */
@Component(service = CommandHandler.class)
@QmpCommand(name = "query-status")
public final class QueryStatus implements CommandHandler {
    /** {@code StatusInfo}, members in schema order. */
    public record StatusInfo(boolean running, boolean singlestep, String status) {
    }

    @Reference
    private Machine machine;

    @Override
    public Object execute(Arguments args, Session session) {
        return new StatusInfo(machine.isRunning(), false, machine.runState().qapiName());
    }
}
