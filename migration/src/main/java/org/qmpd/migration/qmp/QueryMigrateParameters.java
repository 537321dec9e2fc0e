package org.qmpd.migration.qmp;

import com.fasterxml.jackson.annotation.JsonProperty;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.qmpd.core.api.Arguments;
import org.qmpd.core.api.CommandHandler;
import org.qmpd.core.api.QmpCommand;
import org.qmpd.core.api.Session;
import org.qmpd.migration.state.MigrationSettings;

/** {@code query-migrate-parameters}: 2.4's {@code MigrationParameters}. */
@Component(service = CommandHandler.class)
@QmpCommand(name = "query-migrate-parameters")
public final class QueryMigrateParameters implements CommandHandler {
    /** {@code MigrationParameters}, members in schema order. */
    public record MigrationParameters(@JsonProperty("compress-level") long compressLevel,
            @JsonProperty("compress-threads") long compressThreads,
            @JsonProperty("decompress-threads") long decompressThreads) {
    }

    @Reference
    private MigrationSettings settings;

    @Override
    public Object execute(Arguments args, Session session) {
        return new MigrationParameters(settings.compressLevel(), settings.compressThreads(), settings.decompressThreads());
    }
}
