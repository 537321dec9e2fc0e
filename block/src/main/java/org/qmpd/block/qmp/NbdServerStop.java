package org.qmpd.block.qmp;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.qmpd.block.service.BlockLayer;
import org.qmpd.core.api.Arguments;
import org.qmpd.core.api.CommandHandler;
import org.qmpd.core.api.QmpCommand;
import org.qmpd.core.api.Session;

/** {@code nbd-server-stop}: closes the exports, their clients and the socket; a no-op when stopped, as in 2.4. */
@Component(service = CommandHandler.class)
@QmpCommand(name = "nbd-server-stop")
public final class NbdServerStop implements CommandHandler {
    @Reference
    private BlockLayer block;

    @Override
    public Object execute(Arguments args, Session session) {
        block.nbd().stop();
        return null;
    }
}
