package org.qmpd.core.hmp;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.qmpd.core.api.HmpCommandHandler;
import org.qmpd.core.api.QmpException;
import org.qmpd.core.api.Session;
import org.qmpd.core.dispatch.HmpTable;

/**
 * Runs HMP command lines: finds the command by its first word (or, for {@code info}, its
 * first two), passes it the rest of the line and returns what it printed with every
 * {@code \n} turned into CRLF, as QEMU's {@code monitor_puts} does.
 */
@Component(service = HumanMonitor.class)
public final class HumanMonitor {
    @Reference
    private HmpTable table;

    public String run(String commandLine, Session session) throws QmpException {
        String line = commandLine.strip();
        if (line.isEmpty()) {
            return "";
        }
        String[] words = line.split("\\s+", 3);
        HmpTable.Row row = null;
        String rest;
        if (words.length >= 2 && (row = table.lookup(words[0] + " " + words[1])) != null) {
            rest = words.length == 3 ? words[2] : "";
        } else {
            row = table.lookup(words[0]);
            rest = line.substring(words[0].length()).strip();
            if (row == null) {
                String unknown = words[0].equals("info") && words.length >= 2 ? "info " + words[1] : words[0];
                return crlf("unknown command: '" + unknown + "'\n");
            }
        }
        HmpCommandHandler handler = row.handler().get();
        if (handler == null) {
            return crlf("unknown command: '" + row.name() + "'\n");
        }
        return crlf(handler.execute(rest, session));
    }

    static String crlf(String text) {
        if (text == null || text.isEmpty()) {
            return "";
        }
        StringBuilder out = new StringBuilder(text.length() + 8);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\n') {
                out.append('\r');
            }
            out.append(c);
        }
        return out.toString();
    }
}
