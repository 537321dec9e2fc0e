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

/** HMP {@code cont}: runs QMP {@code cont}; an error is printed, as {@code hmp_handle_error} prints it. */
@Component(service = HmpCommandHandler.class)
@HmpCommand(name = "cont", help = "resume emulation")
public final class HmpCont implements HmpCommandHandler {
    @Reference(target = "(qmp.command.name=cont)")
    private CommandHandler cont;

    @Override
    public String execute(String arguments, Session session) {
        try {
            cont.execute(JsonArguments.of(Json.object()), session);
            return "";
        } catch (QmpException e) {
            return e.desc() + "\n";
        }
    }
}
