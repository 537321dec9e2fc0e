package org.qmpd.core.qmp;

import org.osgi.service.component.annotations.Component;
import org.qmpd.core.api.Arguments;
import org.qmpd.core.api.CommandHandler;
import org.qmpd.core.api.QmpCommand;
import org.qmpd.core.api.Session;
import org.qmpd.core.protocol.Greeting;

/** {@code query-version}: QEMU 2.4.0, with qmpd named in {@code package}. */
@Component(service = CommandHandler.class)
@QmpCommand(name = "query-version")
public final class QueryVersion implements CommandHandler {
    @Override
    public Object execute(Arguments args, Session session) {
        return Greeting.versionInfo();
    }
}
