package org.qmpd.core.qmp;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.qmpd.core.api.Arguments;
import org.qmpd.core.api.CommandHandler;
import org.qmpd.core.api.QmpCommand;
import org.qmpd.core.api.QmpException;
import org.qmpd.core.api.Session;

/**
 * {@code balloon} ({@code value:M}): the target guest memory size in bytes; the guest's driver
 * follows it over time and BALLOON_CHANGE reports its progress.
 */
@Component(service = CommandHandler.class)
@QmpCommand(name = "balloon", args = "value:M", params = "target", help = "request VM to change its memory allocation (in MB)")
public final class Balloon implements CommandHandler {
    @Reference
    private org.qmpd.core.balloon.Balloon balloon;

    @Override
    public Object execute(Arguments args, Session session) throws QmpException {
        balloon.target(args.integer("value"));
        return null;
    }
}
