package org.qmpd.core.qmp;

import java.util.List;
import java.util.stream.Collectors;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.qmpd.core.api.Arguments;
import org.qmpd.core.api.CommandHandler;
import org.qmpd.core.api.QmpCommand;
import org.qmpd.core.api.Session;
import org.qmpd.core.dispatch.CommandTable;

/** {@code query-commands}: the live dispatch table, one {@code {"name"}} per command. */
@Component(service = CommandHandler.class)
@QmpCommand(name = "query-commands")
public final class QueryCommands implements CommandHandler {
    /** {@code CommandInfo}. */
    public record CommandInfo(String name) {
    }

    @Reference
    private CommandTable table;

    @Override
    public Object execute(Arguments args, Session session) {
        List<CommandInfo> commands = table.publicNames().stream().map(CommandInfo::new).collect(Collectors.toList());
        return commands;
    }
}
