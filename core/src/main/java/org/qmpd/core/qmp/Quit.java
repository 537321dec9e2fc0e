package org.qmpd.core.qmp;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.qmpd.core.api.Arguments;
import org.qmpd.core.api.CommandHandler;
import org.qmpd.core.api.Machine;
import org.qmpd.core.api.QmpCommand;
import org.qmpd.core.api.Session;

/** {@code quit}: answers, then SHUTDOWN, then the process exits with status 0. */
@Component(service = CommandHandler.class)
@QmpCommand(name = "quit", help = "quit the emulator")
public final class Quit implements CommandHandler {
    @Reference
    private Machine machine;

    @Override
    public Object execute(Arguments args, Session session) {
        machine.requestShutdown();
        return null;
    }
}
