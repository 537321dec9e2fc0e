package org.qmpd.core.qmp;

import java.util.ArrayList;
import java.util.List;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.qmpd.core.api.Arguments;
import org.qmpd.core.api.CommandHandler;
import org.qmpd.core.api.QmpCommand;
import org.qmpd.core.api.QmpException;
import org.qmpd.core.api.Session;
import org.qmpd.core.device.QomObject;
import org.qmpd.core.device.QomTree;

/** {@code qom-list} ({@code path:s}): the object's properties as {@code [ObjectPropertyInfo]}. */
@Component(service = CommandHandler.class)
@QmpCommand(name = "qom-list", args = "path:s")
public final class QomList implements CommandHandler {
    /** {@code ObjectPropertyInfo} (2.4: no description). */
    public record ObjectPropertyInfo(String name, String type) {
    }

    @Reference
    private QomTree tree;

    @Override
    public Object execute(Arguments args, Session session) throws QmpException {
        List<ObjectPropertyInfo> out = new ArrayList<>();
        for (QomObject.Property p : tree.list(args.string("path"))) {
            out.add(new ObjectPropertyInfo(p.name(), p.type()));
        }
        return out;
    }
}
