package org.qmpd.core.qmp;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.qmpd.core.api.Arguments;
import org.qmpd.core.api.CommandHandler;
import org.qmpd.core.api.QmpCommand;
import org.qmpd.core.api.QmpException;
import org.qmpd.core.api.Session;
import org.qmpd.core.device.QomTree;

/** {@code qom-get} ({@code path:s,property:s}): one property's value, a child's as its path. */
@Component(service = CommandHandler.class)
@QmpCommand(name = "qom-get", args = "path:s,property:s")
public final class QomGet implements CommandHandler {
    @Reference
    private QomTree tree;

    @Override
    public Object execute(Arguments args, Session session) throws QmpException {
        return tree.get(args.string("path"), args.string("property"));
    }
}
