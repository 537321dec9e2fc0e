package org.qmpd.core.dispatch;

import java.util.List;
import java.util.Map;

import org.osgi.framework.Constants;
import org.osgi.service.component.ComponentServiceObjects;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.qmpd.core.api.HmpCommandHandler;

/** The human monitor's command table, fed by {@link HmpCommandHandler} services ({@code hmp.command.name}). */
@Component(service = HmpTable.class)
public final class HmpTable {
    public static final String NAME = "hmp.command.name";

    /** One registered HMP command. */
    public record Row(String name, String params, String help, int ranking, long serviceId,
            ServiceHandle<HmpCommandHandler> handler) implements RankedTable.Entry {
    }

    private final RankedTable<Row> rows = new RankedTable<>();

    @Reference(service = HmpCommandHandler.class, cardinality = ReferenceCardinality.MULTIPLE,
            policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY,
            unbind = "removeCommand", updated = "updatedCommand")
    void addCommand(ComponentServiceObjects<HmpCommandHandler> handler, Map<String, Object> props) {
        Object name = props.get(NAME);
        if (!(name instanceof String) || ((String) name).isBlank()) {
            return;
        }
        Object ranking = props.get(Constants.SERVICE_RANKING);
        rows.add(new Row(((String) name).trim().replaceAll("\\s+", " "),
                String.valueOf(props.getOrDefault("hmp.command.params", "")),
                String.valueOf(props.getOrDefault("hmp.command.help", "")),
                ranking instanceof Integer ? (Integer) ranking : 0,
                (Long) props.get(Constants.SERVICE_ID), new ServiceHandle<>(handler)));
    }

    void removeCommand(ComponentServiceObjects<HmpCommandHandler> handler, Map<String, Object> props) {
        rows.remove((Long) props.get(Constants.SERVICE_ID)).forEach(r -> r.handler().release());
    }

    void updatedCommand(ComponentServiceObjects<HmpCommandHandler> handler, Map<String, Object> props) {
        removeCommand(handler, props);
        addCommand(handler, props);
    }

    public Row lookup(String name) {
        return rows.lookup(name);
    }

    /** Every command, sorted by name. */
    public List<Row> all() {
        return rows.winners(r -> true);
    }
}
