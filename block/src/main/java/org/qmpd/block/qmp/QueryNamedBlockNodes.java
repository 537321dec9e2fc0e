package org.qmpd.block.qmp;

import java.util.ArrayList;
import java.util.List;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.qmpd.block.graph.BlockNode;
import org.qmpd.block.service.BlockLayer;
import org.qmpd.core.api.Arguments;
import org.qmpd.core.api.CommandHandler;
import org.qmpd.core.api.QmpCommand;
import org.qmpd.core.api.Session;

/** {@code query-named-block-nodes}: a {@code BlockDeviceInfo} for every node with a node name. */
@Component(service = CommandHandler.class)
@QmpCommand(name = "query-named-block-nodes")
public final class QueryNamedBlockNodes implements CommandHandler {
    @Reference
    private BlockLayer block;

    @Override
    public Object execute(Arguments args, Session session) {
        List<BlockDeviceInfo> out = new ArrayList<>();
        for (BlockNode n : block.graph().namedNodes()) {
            out.add(BlockQueries.deviceInfo(n));
        }
        return out;
    }
}
