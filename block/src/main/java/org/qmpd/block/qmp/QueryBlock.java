package org.qmpd.block.qmp;

import java.util.ArrayList;
import java.util.List;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.qmpd.block.graph.BlockBackend;
import org.qmpd.block.service.BlockLayer;
import org.qmpd.core.api.Arguments;
import org.qmpd.core.api.CommandHandler;
import org.qmpd.core.api.QmpCommand;
import org.qmpd.core.api.Session;

/** {@code query-block}: every block backend, with its image chain, write threshold and dirty bitmaps. */
@Component(service = CommandHandler.class)
@QmpCommand(name = "query-block")
public final class QueryBlock implements CommandHandler {
    @Reference
    private BlockLayer block;

    @Override
    public Object execute(Arguments args, Session session) {
        List<BlockInfo> out = new ArrayList<>();
        for (BlockBackend b : block.graph().backends()) {
            out.add(BlockQueries.info(b));
        }
        return out;
    }
}
