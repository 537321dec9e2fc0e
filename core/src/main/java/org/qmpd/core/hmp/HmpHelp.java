package org.qmpd.core.hmp;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.qmpd.core.api.HmpCommand;
import org.qmpd.core.api.HmpCommandHandler;
import org.qmpd.core.api.Session;
import org.qmpd.core.dispatch.HmpTable;

/** HMP {@code help [cmd]}: one line per command, {@code name params -- help}, as QEMU lists them. */
@Component(service = HmpCommandHandler.class)
@HmpCommand(name = "help", params = "[cmd]", help = "show the help")
public final class HmpHelp implements HmpCommandHandler {
    @Reference
    private HmpTable table;

    @Override
    public String execute(String arguments, Session session) {
        String filter = arguments.strip();
        StringBuilder out = new StringBuilder();
        for (HmpTable.Row row : table.all()) {
            if (filter.isEmpty() || row.name().equals(filter) || row.name().startsWith(filter + " ")) {
                out.append(row.name());
                if (!row.params().isEmpty()) {
                    out.append(' ').append(row.params());
                }
                out.append(" -- ").append(row.help()).append('\n');
            }
        }
        return out.toString();
    }
}
