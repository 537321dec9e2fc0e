package org.qmpd.migration.qmp;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.qmpd.core.api.Arguments;
import org.qmpd.core.api.CommandHandler;
import org.qmpd.core.api.QmpCommand;
import org.qmpd.core.api.QmpException;
import org.qmpd.core.api.Session;
import org.qmpd.migration.control.SourceMigration;
import org.qmpd.migration.state.Capability;
import org.qmpd.migration.state.MigrationSettings;
import org.qmpd.migration.state.MigrationStatus;

/**
 * {@code migrate-set-capabilities}: the list is read as 2.4's QAPI visitor reads a
 * {@code [MigrationCapabilityStatus]} (its errors, element by element), then refused during a
 * migration in setup or active, as 2.4's {@code qmp_migrate_set_capabilities}. qmpd has no
 * RDMA transport, so turning {@code rdma-pin-all} on is refused. Nothing changes unless every
 * element is good.
 */
@Component(service = CommandHandler.class)
@QmpCommand(name = "migrate-set-capabilities", args = "capabilities:q", params = "capability:s,state:b")
public final class MigrateSetCapabilities implements CommandHandler {
    private record Setting(Capability capability, boolean state) {
    }

    @Reference
    private MigrationSettings settings;
    @Reference
    private SourceMigration source;

    @Override
    public Object execute(Arguments args, Session session) throws QmpException {
        List<Setting> list = parse(args.list("capabilities"));
        MigrationStatus status = source.status();
        if (status == MigrationStatus.SETUP || status == MigrationStatus.ACTIVE) {
            throw QmpException.generic("There's a migration process in progress");
        }
        for (Setting s : list) {
            if (s.capability() == Capability.RDMA_PIN_ALL && s.state()) {
                throw QmpException.generic("Capability 'rdma-pin-all' is not supported: qmpd has no RDMA transport");
            }
        }
        for (Setting s : list) {
            settings.set(s.capability(), s.state());
        }
        return null;
    }

    private static List<Setting> parse(JsonNode list) throws QmpException {
        List<Setting> out = new ArrayList<>();
        for (JsonNode e : list) {
            if (!e.isObject()) {
                throw QmpException.generic("Invalid parameter type for 'null', expected: QDict");
            }
            JsonNode name = e.get("capability");
            if (name == null) {
                throw QmpException.generic("Parameter 'capability' is missing");
            }
            if (!name.isTextual()) {
                throw QmpException.generic("Invalid parameter type for 'capability', expected: string");
            }
            Capability c = Capability.of(name.asText());
            if (c == null) {
                throw QmpException.generic("Invalid parameter '" + name.asText() + "'");
            }
            JsonNode state = e.get("state");
            if (state == null) {
                throw QmpException.generic("Parameter 'state' is missing");
            }
            if (!state.isBoolean()) {
                throw QmpException.generic("Invalid parameter type for 'state', expected: boolean");
            }
            for (Iterator<String> it = e.fieldNames(); it.hasNext();) {
                String k = it.next();
                if (!k.equals("capability") && !k.equals("state")) {
                    throw QmpException.generic("QMP input object member '" + k + "' is unexpected");
                }
            }
            out.add(new Setting(c, state.asBoolean()));
        }
        return out;
    }
}
