package org.qmpd.core.hmp;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.qmpd.core.api.CommandHandler;
import org.qmpd.core.api.HmpCommand;
import org.qmpd.core.api.HmpCommandHandler;
import org.qmpd.core.api.QmpException;
import org.qmpd.core.api.Session;
import org.qmpd.core.dispatch.JsonArguments;
import org.qmpd.core.json.Json;

/** HMP {@code stop}: the QMP command's handler, as 2.4's {@code hmp_stop} calls {@code qmp_stop}. */
@Component(service = HmpCommandHandler.class)
@HmpCommand(name = "stop", help = "stop emulation")
public final class HmpStop implements HmpCommandHandler {
    @Reference(target = "(qmp.command.name=stop)")
    private CommandHandler stop;

    @Override
    public String execute(String arguments, Session session) throws QmpException {
        stop.execute(JsonArguments.of(Json.object()), session);
        return "";
    }
}
