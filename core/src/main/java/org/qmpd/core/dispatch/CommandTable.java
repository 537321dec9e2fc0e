package org.qmpd.core.dispatch;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.osgi.framework.Constants;
import org.osgi.service.component.ComponentServiceObjects;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.qmpd.core.api.CommandHandler;

/**
 * The QMP dispatch table, fed by {@link CommandHandler} services: a row exists exactly while a
 * service with its {@code qmp.command.name} is registered. Of two live services with one name,
 * the higher {@code service.ranking} (then the older service) wins; the other waits and takes
 * over if the winner goes. A service whose properties are malformed is logged and left out.
 *
 * <p>Rows marked {@code qmp.command.internal=true} are reachable only from the launcher's
 * in-process session: they carry out command-line options and are not part of QMP.
 */
@Component(service = CommandTable.class)
public final class CommandTable {
    public static final String NAME = "qmp.command.name";
    public static final String ARGS = "qmp.command.args";
    public static final String INTERNAL = "qmp.command.internal";

    private static final System.Logger LOG = System.getLogger(CommandTable.class.getName());

    /** One registered command service. */
    public record Row(String name, ArgsType argsType, boolean internal, int ranking, long serviceId,
            ServiceHandle<CommandHandler> handler) implements RankedTable.Entry {
    }

    private final RankedTable<Row> rows = new RankedTable<>();

    @Reference(service = CommandHandler.class, cardinality = ReferenceCardinality.MULTIPLE,
            policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY,
            unbind = "removeCommand", updated = "updatedCommand")
    void addCommand(ComponentServiceObjects<CommandHandler> handler, Map<String, Object> props) {
        Row row = toRow(handler, props);
        if (row != null) {
            rows.add(row);
        }
    }

    void removeCommand(ComponentServiceObjects<CommandHandler> handler, Map<String, Object> props) {
        for (Row removed : rows.remove((Long) props.get(Constants.SERVICE_ID))) {
            removed.handler().release();
        }
    }

    void updatedCommand(ComponentServiceObjects<CommandHandler> handler, Map<String, Object> props) {
        removeCommand(handler, props);
        addCommand(handler, props);
    }

    private static Row toRow(ComponentServiceObjects<CommandHandler> handler, Map<String, Object> props) {
        Object name = props.get(NAME);
        long serviceId = (Long) props.get(Constants.SERVICE_ID);
        if (!(name instanceof String) || ((String) name).isEmpty()) {
            LOG.log(System.Logger.Level.WARNING, "CommandHandler service " + serviceId + " has no " + NAME + "; ignored");
            return null;
        }
        ArgsType argsType;
        try {
            argsType = ArgsType.parse(String.valueOf(props.getOrDefault(ARGS, "")));
        } catch (IllegalArgumentException e) {
            LOG.log(System.Logger.Level.WARNING, "command " + name + " (service " + serviceId + "): " + e.getMessage() + "; ignored");
            return null;
        }
        Object ranking = props.get(Constants.SERVICE_RANKING);
        int rank = ranking instanceof Integer ? (Integer) ranking : 0;
        boolean internal = Boolean.parseBoolean(String.valueOf(props.get(INTERNAL)));
        return new Row((String) name, argsType, internal, rank, serviceId, new ServiceHandle<>(handler));
    }

    /** The row that wins for {@code name}, or null. */
    public Row lookup(String name) {
        return rows.lookup(name);
    }

    /** The names of the public commands, sorted. */
    public List<String> publicNames() {
        return rows.winners(r -> !r.internal()).stream().map(Row::name).collect(Collectors.toList());
    }
}
