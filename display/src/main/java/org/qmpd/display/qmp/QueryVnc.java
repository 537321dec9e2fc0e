package org.qmpd.display.qmp;

import java.util.ArrayList;
import java.util.List;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.qmpd.core.api.Arguments;
import org.qmpd.core.api.CommandHandler;
import org.qmpd.core.api.QmpCommand;
import org.qmpd.core.api.Session;
import org.qmpd.display.service.Display;
import org.qmpd.display.vnc.VncClient;
import org.qmpd.display.vnc.VncServer;

/**
 * {@code query-vnc}: {@code VncInfo} as 2.4's {@code qmp_query_vnc} fills it. Without a
 * listening server only {@code enabled: false}; otherwise the listening address, the auth
 * name and every connected client, newest first (2.4 builds the list by prepending).
 */
@Component(service = CommandHandler.class)
@QmpCommand(name = "query-vnc")
public final class QueryVnc implements CommandHandler {
    @Reference
    private Display display;

    @Override
    public Object execute(Arguments args, Session session) {
        VncServer vnc = display.vnc();
        if (vnc == null) {
            return new VncInfo(false, null, null, null, null, null);
        }
        List<VncBasicInfo> clients = new ArrayList<>();
        for (VncClient c : vnc.clients()) {
            clients.add(0, VncBasicInfo.of(c.peer()));
        }
        var e = vnc.endpoint();
        return new VncInfo(true, e.host(), e.family(), e.service(), vnc.authName(), clients);
    }
}
