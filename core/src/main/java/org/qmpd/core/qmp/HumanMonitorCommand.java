package org.qmpd.core.qmp;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.qmpd.core.api.Arguments;
import org.qmpd.core.api.CommandHandler;
import org.qmpd.core.api.QmpCommand;
import org.qmpd.core.api.QmpException;
import org.qmpd.core.api.Session;
import org.qmpd.core.hmp.HumanMonitor;
import org.qmpd.core.machine.MachineState;

/** {@code human-monitor-command}: runs one HMP command line and returns what it printed. */
@Component(service = CommandHandler.class)
@QmpCommand(name = "human-monitor-command", args = "command-line:s,cpu-index:i?")
public final class HumanMonitorCommand implements CommandHandler {
    @Reference
    private HumanMonitor monitor;
    @Reference
    private MachineState machine;

    @Override
    public Object execute(Arguments args, Session session) throws QmpException {
        if (args.has("cpu-index")) {
            long cpu = args.integer("cpu-index");
            if (cpu < 0 || cpu >= machine.cpuCount()) {
                throw QmpException.generic("Parameter 'cpu-index' expects a CPU number");
            }
        }
        return monitor.run(args.string("command-line"), session);
    }
}
