package org.qmpd.block.qmp;

import java.util.ArrayList;
import java.util.List;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.qmpd.block.graph.BlockBackend;
import org.qmpd.block.graph.BlockNode;
import org.qmpd.block.service.BlockLayer;
import org.qmpd.core.api.Arguments;
import org.qmpd.core.api.CommandHandler;
import org.qmpd.core.api.QmpCommand;
import org.qmpd.core.api.Session;

/**
 * {@code query-blockstats}: by default the root node of every device with its protocol child
 * ({@code parent}) and backing chain ({@code backing}); with {@code query-nodes} every named
 * node, with {@code parent} but without {@code backing}, as 2.4.
 */
@Component(service = CommandHandler.class)
@QmpCommand(name = "query-blockstats", args = "query-nodes:b?")
public final class QueryBlockstats implements CommandHandler {
    @Reference
    private BlockLayer block;

    @Override
    public Object execute(Arguments args, Session session) {
        List<BlockStats> out = new ArrayList<>();
        if (args.bool("query-nodes", false)) {
            for (BlockNode n : block.graph().namedNodes()) {
                BlockBackend b = block.graph().backendOf(n);
                out.add(BlockQueries.stats(n, b == null ? null : b.name(), false));
            }
        } else {
            for (BlockBackend b : block.graph().backends()) {
                if (b.root() != null) {
                    out.add(BlockQueries.stats(b.root(), b.name(), true));
                }
            }
        }
        return out;
    }
}
