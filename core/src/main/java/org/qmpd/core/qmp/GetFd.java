package org.qmpd.core.qmp;

import org.osgi.service.component.annotations.Component;
import org.qmpd.core.api.Arguments;
import org.qmpd.core.api.CommandHandler;
import org.qmpd.core.api.PassedFd;
import org.qmpd.core.api.QmpCommand;
import org.qmpd.core.api.QmpException;
import org.qmpd.core.api.Session;
import org.qmpd.core.session.QmpSession;

/**
 * {@code getfd}: stores the descriptor passed (SCM_RIGHTS) with this command's bytes under
 * {@code fdname}, replacing and closing one already stored there, as 2.4's {@code qmp_getfd}.
 */
@Component(service = CommandHandler.class)
@QmpCommand(name = "getfd", args = "fdname:s", params = "getfd name", help = "receive a file descriptor via SCM rights and assign it a name")
public final class GetFd implements CommandHandler {
    @Override
    public Object execute(Arguments args, Session session) throws QmpException {
        QmpSession qmp = (QmpSession) session;
        PassedFd fd = qmp.fds().takeArrived();
        if (fd == null) {
            throw QmpException.generic("No file descriptor supplied via SCM_RIGHTS");
        }
        String name = args.string("fdname");
        if (!name.isEmpty() && Character.isDigit(name.charAt(0))) {
            fd.close();
            throw QmpException.generic("Parameter 'fdname' expects a name not starting with a digit");
        }
        qmp.fds().store(name, fd);
        return null;
    }
}
