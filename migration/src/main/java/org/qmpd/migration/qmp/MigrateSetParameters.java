package org.qmpd.migration.qmp;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.qmpd.core.api.Arguments;
import org.qmpd.core.api.CommandHandler;
import org.qmpd.core.api.QmpCommand;
import org.qmpd.core.api.QmpException;
import org.qmpd.core.api.Session;
import org.qmpd.migration.state.MigrationSettings;

/**
 * {@code migrate-set-parameters}: 2.4's three parameters, each checked in turn with 2.4's
 * (ungrammatical, snake_case) words before any is applied. 2.4 allows it during a migration;
 * a running migration keeps the compression it started with.
 */
@Component(service = CommandHandler.class)
@QmpCommand(name = "migrate-set-parameters", args = "compress-level:i?,compress-threads:i?,decompress-threads:i?")
public final class MigrateSetParameters implements CommandHandler {
    @Reference
    private MigrationSettings settings;

    @Override
    public Object execute(Arguments args, Session session) throws QmpException {
        boolean hasLevel = args.has("compress-level");
        boolean hasThreads = args.has("compress-threads");
        boolean hasDecompress = args.has("decompress-threads");
        long level = args.integer("compress-level", 0);
        long threads = args.integer("compress-threads", 1);
        long decompress = args.integer("decompress-threads", 1);
        if (hasLevel && (level < 0 || level > 9)) {
            throw QmpException.generic("Parameter 'compress_level' expects is invalid, it should be in the range of 0 to 9");
        }
        if (hasThreads && (threads < 1 || threads > 255)) {
            throw QmpException.generic("Parameter 'compress_threads' expects is invalid, it should be in the range of 1 to 255");
        }
        if (hasDecompress && (decompress < 1 || decompress > 255)) {
            throw QmpException.generic("Parameter 'decompress_threads' expects is invalid, it should be in the range of 1 to 255");
        }
        if (hasLevel) {
            settings.setCompressLevel((int) level);
        }
        if (hasThreads) {
            settings.setCompressThreads((int) threads);
        }
        if (hasDecompress) {
            settings.setDecompressThreads((int) decompress);
        }
        return null;
    }
}
