package org.qmpd.migration.qmp;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.qmpd.core.api.Arguments;
import org.qmpd.core.api.CommandHandler;
import org.qmpd.core.api.GuestMemory;
import org.qmpd.core.api.QmpCommand;
import org.qmpd.core.api.QmpException;
import org.qmpd.core.api.Session;
import org.qmpd.migration.state.MigrationSettings;

/**
 * {@code migrate-set-cache-size}: the XBZRLE cache size, as 2.4's
 * {@code qmp_migrate_set_cache_size}: at most the guest RAM (compared unsigned, so a negative
 * value is too big), at least a page, rounded down to a power of two. (2.4's first check,
 * {@code exceeding address space}, cannot fail on a 64-bit host.) The size applies to the next
 * migration.
 */
@Component(service = CommandHandler.class)
@QmpCommand(name = "migrate-set-cache-size", args = "value:o", params = "value",
        help = "set cache size (in bytes) for XBZRLE migrations")
public final class MigrateSetCacheSize implements CommandHandler {
    @Reference
    private MigrationSettings settings;
    @Reference
    private GuestMemory ram;

    @Override
    public Object execute(Arguments args, Session session) throws QmpException {
        long value = args.integer("value");
        if (Long.compareUnsigned(value, ram.size()) > 0) {
            throw QmpException.generic("Parameter 'cache size' expects exceeds guest ram size ");
        }
        if (value < GuestMemory.PAGE_SIZE) {
            throw QmpException.generic("Parameter 'cache size' expects is smaller than page size");
        }
        settings.setCacheSize(Long.highestOneBit(value));
        return null;
    }
}
