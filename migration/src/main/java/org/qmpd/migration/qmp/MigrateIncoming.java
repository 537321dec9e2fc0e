package org.qmpd.migration.qmp;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.qmpd.core.api.Arguments;
import org.qmpd.core.api.CommandHandler;
import org.qmpd.core.api.QmpCommand;
import org.qmpd.core.api.QmpException;
import org.qmpd.core.api.Session;
import org.qmpd.migration.control.DestinationMigration;
import org.qmpd.migration.control.MigrationException;

/** {@code migrate-incoming}: starts listening for the migration that {@code -incoming defer} put off. */
@Component(service = CommandHandler.class)
@QmpCommand(name = "migrate-incoming", args = "uri:s")
public final class MigrateIncoming implements CommandHandler {
    @Reference
    private DestinationMigration destination;

    @Override
    public Object execute(Arguments args, Session session) throws QmpException {
        try {
            destination.migrateIncoming(args.string("uri"));
        } catch (MigrationException e) {
            throw QmpException.generic(e.getMessage());
        }
        return null;
    }
}
