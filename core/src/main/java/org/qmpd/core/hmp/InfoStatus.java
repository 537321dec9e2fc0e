package org.qmpd.core.hmp;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.qmpd.core.api.HmpCommand;
import org.qmpd.core.api.HmpCommandHandler;
import org.qmpd.core.api.Machine;
import org.qmpd.core.api.RunState;
import org.qmpd.core.api.Session;

/** HMP {@code info status}: {@code VM status: paused (prelaunch)}, as 2.4's {@code hmp_info_status}. */
@Component(service = HmpCommandHandler.class)
@HmpCommand(name = "info status", help = "show the current VM status (running|paused)")
public final class InfoStatus implements HmpCommandHandler {
    @Reference
    private Machine machine;

    @Override
    public String execute(String arguments, Session session) {
        RunState state = machine.runState();
        boolean running = machine.isRunning();
        StringBuilder out = new StringBuilder("VM status: ").append(running ? "running" : "paused");
        if (!running && state != RunState.PAUSED) {
            out.append(" (").append(state.qapiName()).append(')');
        }
        return out.append('\n').toString();
    }
}
