package org.qmpd.core.launch;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.qmpd.core.api.Arguments;
import org.qmpd.core.api.CommandHandler;
import org.qmpd.core.api.QmpCommand;
import org.qmpd.core.api.QmpException;
import org.qmpd.core.api.Session;
import org.qmpd.core.machine.MachineState;

/**
 * Internal {@code x-launch-machine}: {@code -name}, {@code -m} (bytes), {@code -smp} and
 * {@code -S}, with QEMU's limits and words.
 */
@Component(service = CommandHandler.class, property = "qmp.command.internal=true")
@QmpCommand(name = "x-launch-machine", args = "name:s?,memory:o?,smp:i?,freeze:b?")
public final class LaunchMachine implements CommandHandler {
    /** As 2.4's pc machines: at most 255 CPUs. */
    static final int MAX_CPUS = 255;

    @Reference
    private MachineState machine;

    @Override
    public Object execute(Arguments args, Session session) throws QmpException {
        // the launcher sends one option per call: what is absent keeps its value
        long smp = args.integer("smp", machine.cpuCount());
        if (smp < 1 || smp > MAX_CPUS) {
            throw QmpException.generic("Invalid SMP CPUs " + smp + ". The max CPUs supported by machine 'pc-i440fx-2.4' is " + MAX_CPUS);
        }
        long memory = args.integer("memory", machine.ramSize());
        if (memory <= 0) {
            throw QmpException.generic("Invalid RAM size " + memory);
        }
        if (args.has("name")) {
            machine.setName(args.string("name"));
        }
        machine.setCpuCount((int) smp);
        machine.setRamSize(memory);
        if (args.bool("freeze", false)) {
            machine.setAutostart(false);
        }
        return null;
    }
}
