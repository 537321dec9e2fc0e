package org.qmpd.core.qmp;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.qmpd.core.api.Arguments;
import org.qmpd.core.api.CommandHandler;
import org.qmpd.core.api.Machine;
import org.qmpd.core.api.QmpCommand;
import org.qmpd.core.api.RunState;
import org.qmpd.core.api.Session;

/**
 * {@code stop}, as 2.4's {@code qmp_stop}: during an incoming migration it only cancels the
 * automatic start; otherwise a running guest pauses (STOP) and any other state is left as is.
 */
@Component(service = CommandHandler.class)
@QmpCommand(name = "stop", help = "stop emulation")
public final class Stop implements CommandHandler {
    @Reference
    private Machine machine;

    @Override
    public Object execute(Arguments args, Session session) {
        stop(machine);
        return null;
    }

    static void stop(Machine machine) {
        if (machine.runState() == RunState.INMIGRATE) {
            machine.setAutostart(false);
        } else {
            machine.stop(RunState.PAUSED);
        }
    }
}
