package org.qmpd.migration.qmp;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.qmpd.core.api.Arguments;
import org.qmpd.core.api.CommandHandler;
import org.qmpd.core.api.QmpCommand;
import org.qmpd.core.api.Session;
import org.qmpd.migration.state.MigrationSettings;

/**
 * {@code migrate_set_speed}: the bandwidth limit in bytes per second, as 2.4's
 * {@code qmp_migrate_set_speed} (a negative value is 0, which means no limit); a migration in
 * progress obeys it at once.
 */
@Component(service = CommandHandler.class)
@QmpCommand(name = "migrate_set_speed", args = "value:o", params = "value",
        help = "set maximum speed (in bytes) for migrations")
public final class MigrateSetSpeed implements CommandHandler {
    @Reference
    private MigrationSettings settings;

    @Override
    public Object execute(Arguments args, Session session) {
        settings.setBandwidthLimit(Math.max(0, args.integer("value")));
        return null;
    }
}
