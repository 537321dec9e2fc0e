package org.qmpd.core.launch;

import java.io.IOException;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.qmpd.core.api.Arguments;
import org.qmpd.core.api.CommandHandler;
import org.qmpd.core.api.QmpCommand;
import org.qmpd.core.api.QmpException;
import org.qmpd.core.api.Session;
import org.qmpd.core.json.Json;
import org.qmpd.core.transport.MonitorServer;
import org.qmpd.core.transport.MonitorSpec;

/**
 * Internal {@code x-launch-monitor}: carries out {@code -qmp SPEC} (and {@code -chardev} with
 * {@code -mon mode=control}, which the launcher turns into the same spec) and answers the
 * address, which the launcher prints.
 */
@Component(service = CommandHandler.class, property = "qmp.command.internal=true")
@QmpCommand(name = "x-launch-monitor", args = "spec:s")
public final class LaunchMonitor implements CommandHandler {
    @Reference
    private MonitorServer server;

    @Override
    public Object execute(Arguments args, Session session) throws QmpException {
        MonitorSpec spec;
        try {
            spec = MonitorSpec.parse(args.string("spec"));
        } catch (IllegalArgumentException e) {
            throw QmpException.generic(e.getMessage());
        }
        try {
            return Json.object().put("address", server.open(spec));
        } catch (IOException e) {
            throw QmpException.generic(e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw QmpException.generic("interrupted while waiting for a connection");
        }
    }
}
