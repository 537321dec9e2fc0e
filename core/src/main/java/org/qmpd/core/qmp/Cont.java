package org.qmpd.core.qmp;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.qmpd.core.api.Arguments;
import org.qmpd.core.api.CommandHandler;
import org.qmpd.core.api.Machine;
import org.qmpd.core.api.QmpCommand;
import org.qmpd.core.api.QmpException;
import org.qmpd.core.api.RunState;
import org.qmpd.core.api.Session;

/**
 * {@code cont}, as 2.4's {@code qmp_cont}: refused after a shutdown or internal error, a no-op
 * when suspended, a deferred start during an incoming migration, else the guest runs (RESUME).
 */
@Component(service = CommandHandler.class)
@QmpCommand(name = "cont", help = "resume emulation")
public final class Cont implements CommandHandler {
    @Reference
    private Machine machine;

    @Override
    public Object execute(Arguments args, Session session) throws QmpException {
        cont(machine);
        return null;
    }

    static void cont(Machine machine) throws QmpException {
        RunState state = machine.runState();
        if (state == RunState.INTERNAL_ERROR || state == RunState.SHUTDOWN) {
            throw QmpException.generic("Resetting the Virtual Machine is required");
        }
        if (state == RunState.SUSPENDED) {
            return;
        }
        if (state == RunState.INMIGRATE) {
            machine.setAutostart(true);
        } else {
            machine.start();
        }
    }
}
