package org.qmpd.migration.qmp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.qmpd.core.api.Arguments;
import org.qmpd.core.api.CommandHandler;
import org.qmpd.core.api.QmpCommand;
import org.qmpd.core.api.QmpException;
import org.qmpd.core.api.Session;
import org.qmpd.migration.control.DestinationMigration;
import org.qmpd.migration.control.MigrationException;

/**
 * Internal {@code x-launch-incoming}: {@code -incoming URI} ({@code opts.uri}). As QEMU's
 * {@code main}, the machine is put in {@code inmigrate} before start-up ends (so it does not
 * start) and listens at once, or with {@code defer} waits for {@code migrate-incoming}. An
 * error stops start-up ({@code qmpd: -incoming URI: <error>}).
 */
@Component(service = CommandHandler.class, property = "qmp.command.internal=true")
@QmpCommand(name = "x-launch-incoming", args = "opts:q")
public final class LaunchIncoming implements CommandHandler {
    @Reference
    private DestinationMigration destination;

    @Override
    public Object execute(Arguments args, Session session) throws QmpException {
        ObjectNode opts = args.dict("opts");
        JsonNode uri = opts.get("uri");
        if (uri == null || !uri.isTextual()) {
            throw QmpException.generic("Parameter 'uri' is missing");
        }
        try {
            destination.launch(uri.asText());
        } catch (MigrationException e) {
            throw QmpException.generic(e.getMessage());
        }
        return null;
    }
}
