package org.qmpd.core.qmp;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.qmpd.core.api.Arguments;
import org.qmpd.core.api.CommandHandler;
import org.qmpd.core.api.QmpCommand;
import org.qmpd.core.api.QmpException;
import org.qmpd.core.api.Session;
import org.qmpd.core.balloon.Balloon;

/** {@code query-balloon}: {@code BalloonInfo}; DeviceNotActive without a balloon device. */
@Component(service = CommandHandler.class)
@QmpCommand(name = "query-balloon")
public final class QueryBalloon implements CommandHandler {
    /** {@code BalloonInfo} (2.4: {@code actual} only). */
    public record BalloonInfo(long actual) {
    }

    @Reference
    private Balloon balloon;

    @Override
    public Object execute(Arguments args, Session session) throws QmpException {
        return new BalloonInfo(balloon.actual());
    }
}
