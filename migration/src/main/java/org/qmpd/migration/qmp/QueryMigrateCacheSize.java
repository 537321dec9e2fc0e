package org.qmpd.migration.qmp;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.qmpd.core.api.Arguments;
import org.qmpd.core.api.CommandHandler;
import org.qmpd.core.api.QmpCommand;
import org.qmpd.core.api.Session;
import org.qmpd.migration.state.MigrationSettings;

/** {@code query-migrate-cache-size}: the XBZRLE cache size in bytes. */
@Component(service = CommandHandler.class)
@QmpCommand(name = "query-migrate-cache-size")
public final class QueryMigrateCacheSize implements CommandHandler {
    @Reference
    private MigrationSettings settings;

    @Override
    public Object execute(Arguments args, Session session) {
        return settings.cacheSize();
    }
}
