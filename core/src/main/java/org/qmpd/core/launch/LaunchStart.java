package org.qmpd.core.launch;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.qmpd.core.api.Arguments;
import org.qmpd.core.api.CommandHandler;
import org.qmpd.core.api.Machine;
import org.qmpd.core.api.QmpCommand;
import org.qmpd.core.api.RunState;
import org.qmpd.core.api.Session;
import org.qmpd.core.cpu.Cpus;
import org.qmpd.core.dispatch.StartupGate;

/**
 * Internal {@code x-launch-start}: the end of start-up. As QEMU's {@code main}, the guest
 * starts unless {@code -S} was given or an incoming migration is pending.
 */
@Component(service = CommandHandler.class, property = "qmp.command.internal=true")
@QmpCommand(name = "x-launch-start")
public final class LaunchStart implements CommandHandler {
    @Reference
    private Machine machine;
    @Reference
    private StartupGate gate;
    @Reference
    private Cpus cpus;

    @Override
    public Object execute(Arguments args, Session session) {
        // The vCPUs exist once the machine is built, whichever component woke first (QEMU makes
        // them in machine init, before any client can look).
        cpus.realize();
        if (machine.autostart() && machine.runState() == RunState.PRELAUNCH) {
            machine.start();
        }
        gate.open();
        return null;
    }
}
