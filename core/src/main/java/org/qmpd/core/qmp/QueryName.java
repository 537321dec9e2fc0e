package org.qmpd.core.qmp;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.qmpd.core.api.Arguments;
import org.qmpd.core.api.CommandHandler;
import org.qmpd.core.api.Machine;
import org.qmpd.core.api.QmpCommand;
import org.qmpd.core.api.Session;
import org.qmpd.core.json.Json;

/** {@code query-name}: {@code {"name": ...}} with {@code -name}, else {@code {}}. */
@Component(service = CommandHandler.class)
@QmpCommand(name = "query-name")
public final class QueryName implements CommandHandler {
    @Reference
    private Machine machine;

    @Override
    public Object execute(Arguments args, Session session) {
        String name = machine.name();
        return name == null ? Json.object() : Json.object().put("name", name);
    }
}
