package org.qmpd.block.qmp;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.qmpd.block.graph.BlockNode;
import org.qmpd.block.service.BlockLayer;
import org.qmpd.core.api.Arguments;
import org.qmpd.core.api.CommandHandler;
import org.qmpd.core.api.QmpCommand;
import org.qmpd.core.api.QmpException;
import org.qmpd.core.api.Session;

/** {@code block-set-write-threshold}: by node name only, as 2.4's {@code bdrv_find_node}; 0 disables. */
@Component(service = CommandHandler.class)
@QmpCommand(name = "block-set-write-threshold", args = "node-name:s,write-threshold:l")
public final class BlockSetWriteThreshold implements CommandHandler {
    @Reference
    private BlockLayer block;

    @Override
    public Object execute(Arguments args, Session session) throws QmpException {
        String name = args.string("node-name");
        BlockNode node = block.graph().node(name);
        if (node == null) {
            throw QmpException.generic("Device '" + name + "' not found");
        }
        node.threshold().set(args.integer("write-threshold"));
        return null;
    }
}
