package org.qmpd.migration.qmp;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.qmpd.core.api.Arguments;
import org.qmpd.core.api.CommandHandler;
import org.qmpd.core.api.QmpCommand;
import org.qmpd.core.api.Session;
import org.qmpd.migration.state.MigrationSettings;

/**
 * {@code migrate_set_downtime}: the longest the guest may be stopped at the end of a
 * migration, in seconds (a number), as 2.4 keeps it: in nanoseconds, clamped at 0.
 */
@Component(service = CommandHandler.class)
@QmpCommand(name = "migrate_set_downtime", args = "value:T", params = "value",
        help = "set maximum tolerated downtime (in seconds) for migrations")
public final class MigrateSetDowntime implements CommandHandler {
    @Reference
    private MigrationSettings settings;

    @Override
    public Object execute(Arguments args, Session session) {
        double ns = args.number("value", 0) * 1e9;
        settings.setMaxDowntimeNs(ns <= 0 || Double.isNaN(ns) ? 0 : ns >= Long.MAX_VALUE ? Long.MAX_VALUE : (long) ns);
        return null;
    }
}
