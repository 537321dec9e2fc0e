package org.qmpd.migration.qmp;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.qmpd.core.api.Arguments;
import org.qmpd.core.api.CommandHandler;
import org.qmpd.core.api.QmpCommand;
import org.qmpd.core.api.QmpException;
import org.qmpd.core.api.Session;
import org.qmpd.migration.control.MigrationException;
import org.qmpd.migration.control.SourceMigration;

/**
 * {@code migrate}: starts sending the machine to {@code uri} ({@code tcp:HOST:PORT},
 * {@code unix:PATH}, {@code exec:COMMAND}) and returns at once, as 2.4's {@code qmp_migrate};
 * the migration goes on in the background ({@code detach} changes nothing over QMP). 2.4's
 * args type is {@code detach:-d,blk:-b,inc:-i,uri:s}; QMP checks a {@code -} flag exactly as
 * an optional {@code b}, which is how it is declared here.
 */
@Component(service = CommandHandler.class)
@QmpCommand(name = "migrate", args = "detach:b?,blk:b?,inc:b?,uri:s", params = "[-d] [-b] [-i] uri",
        help = "migrate to URI (using -d to not wait for completion)")
public final class Migrate implements CommandHandler {
    @Reference
    private SourceMigration source;

    @Override
    public Object execute(Arguments args, Session session) throws QmpException {
        try {
            source.migrate(args.string("uri"), args.bool("blk", false), args.bool("inc", false));
        } catch (MigrationException e) {
            throw QmpException.generic(e.getMessage());
        }
        return null;
    }
}
