package org.qmpd.core.qmp;

import org.osgi.service.component.annotations.Component;
import org.qmpd.core.api.Arguments;
import org.qmpd.core.api.CommandHandler;
import org.qmpd.core.api.QmpCommand;
import org.qmpd.core.api.Session;
import org.qmpd.core.session.QmpSession;

/** {@code qmp_capabilities}: leaves negotiation mode (the dispatcher refuses it once done). */
@Component(service = CommandHandler.class)
@QmpCommand(name = "qmp_capabilities", help = "enable QMP capabilities")
public final class QmpCapabilities implements CommandHandler {
    @Override
    public Object execute(Arguments args, Session session) {
        ((QmpSession) session).enterCommandMode();
        return null;
    }
}
