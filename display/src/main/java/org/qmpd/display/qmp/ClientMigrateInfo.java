package org.qmpd.display.qmp;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.qmpd.core.api.Arguments;
import org.qmpd.core.api.CommandHandler;
import org.qmpd.core.api.ErrorClass;
import org.qmpd.core.api.QmpCommand;
import org.qmpd.core.api.QmpException;
import org.qmpd.core.api.Session;
import org.qmpd.display.service.Display;

/**
 * {@code client_migrate_info}, as 2.4's {@code qmp_client_migrate_info}: only {@code spice};
 * SPICE must be in use; {@code port} or {@code tls-port} must be given. The ports are C ints, so
 * a port of -1 (or 2^32 - 1) counts as absent, and with both absent spice-server refuses:
 * {@code An undefined error has occurred} (after QEMU has already set
 * {@code spice_have_target_host}, which is kept). Success arms {@code SPICE_MIGRATE_COMPLETED} for
 * the next outgoing migration.
 */
@Component(service = CommandHandler.class)
@QmpCommand(name = "client_migrate_info", args = "protocol:s,hostname:s,port:i?,tls-port:i?,cert-subject:s?")
public final class ClientMigrateInfo implements CommandHandler {
    @Reference
    private Display display;

    @Override
    public Object execute(Arguments args, Session session) throws QmpException {
        if (!args.string("protocol").equals("spice")) {
            throw QmpException.generic("Parameter 'protocol' expects spice");
        }
        if (display.spice() == null) {
            throw new QmpException(ErrorClass.DeviceNotActive, "SPICE is not in use");
        }
        if (!args.has("port") && !args.has("tls-port")) {
            throw QmpException.generic("Parameter 'port/tls-port' is missing");
        }
        int port = args.has("port") ? (int) args.integer("port") : -1;
        int tlsPort = args.has("tls-port") ? (int) args.integer("tls-port") : -1;
        Display.MigrationTarget target = new Display.MigrationTarget(args.string("hostname"), port, tlsPort,
                args.string("cert-subject"));
        display.setMigrationTarget(target);
        if (port == -1 && tlsPort == -1) {
            throw QmpException.generic("An undefined error has occurred");
        }
        return null;
    }
}
