package org.qmpd.core.qmp;

import org.osgi.service.component.annotations.Component;
import org.qmpd.core.api.Arguments;
import org.qmpd.core.api.CommandHandler;
import org.qmpd.core.api.PassedFd;
import org.qmpd.core.api.QmpCommand;
import org.qmpd.core.api.QmpException;
import org.qmpd.core.api.Session;

/** {@code closefd}: closes a descriptor stored with {@code getfd}, as 2.4's {@code qmp_closefd}. */
@Component(service = CommandHandler.class)
@QmpCommand(name = "closefd", args = "fdname:s", params = "closefd name", help = "close a file descriptor previously passed via SCM rights")
public final class CloseFd implements CommandHandler {
    @Override
    public Object execute(Arguments args, Session session) throws QmpException {
        String name = args.string("fdname");
        PassedFd fd = session.takeFd(name);
        if (fd == null) {
            throw QmpException.generic("File descriptor named '" + name + "' not found");
        }
        fd.close();
        return null;
    }
}
