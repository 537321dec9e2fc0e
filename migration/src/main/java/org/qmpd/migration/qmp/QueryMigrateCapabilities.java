package org.qmpd.migration.qmp;

import java.util.ArrayList;
import java.util.List;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.qmpd.core.api.Arguments;
import org.qmpd.core.api.CommandHandler;
import org.qmpd.core.api.QmpCommand;
import org.qmpd.core.api.Session;
import org.qmpd.migration.state.Capability;
import org.qmpd.migration.state.MigrationSettings;

/** {@code query-migrate-capabilities}: every 2.4 capability, in the schema's order, with its state. */
@Component(service = CommandHandler.class)
@QmpCommand(name = "query-migrate-capabilities")
public final class QueryMigrateCapabilities implements CommandHandler {
    /** {@code MigrationCapabilityStatus}. */
    public record MigrationCapabilityStatus(String capability, boolean state) {
    }

    @Reference
    private MigrationSettings settings;

    @Override
    public Object execute(Arguments args, Session session) {
        List<MigrationCapabilityStatus> out = new ArrayList<>();
        for (Capability c : Capability.values()) {
            out.add(new MigrationCapabilityStatus(c.qapiName(), settings.enabled(c)));
        }
        return out;
    }
}
