package org.qmpd.migration.qmp;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.qmpd.core.api.Arguments;
import org.qmpd.core.api.CommandHandler;
import org.qmpd.core.api.QmpCommand;
import org.qmpd.core.api.Session;
import org.qmpd.migration.control.SourceMigration;

/** {@code migrate_cancel}: an outgoing migration in setup or active goes to cancelling, then cancelled; otherwise nothing. */
@Component(service = CommandHandler.class)
@QmpCommand(name = "migrate_cancel", help = "cancel the current VM migration")
public final class MigrateCancel implements CommandHandler {
    @Reference
    private SourceMigration source;

    @Override
    public Object execute(Arguments args, Session session) {
        source.cancel();
        return null;
    }
}
