package org.qmpd.block.qmp;

import java.util.ArrayList;
import java.util.List;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.qmpd.block.job.BlockJob;
import org.qmpd.block.job.BlockJobs;
import org.qmpd.core.api.Arguments;
import org.qmpd.core.api.CommandHandler;
import org.qmpd.core.api.QmpCommand;
import org.qmpd.core.api.Session;

/** {@code query-block-jobs}: every running job, in the order of their devices. */
@Component(service = CommandHandler.class)
@QmpCommand(name = "query-block-jobs")
public final class QueryBlockJobs implements CommandHandler {
    @Reference
    private BlockJobs jobs;

    @Override
    public Object execute(Arguments args, Session session) {
        List<BlockJobInfo> out = new ArrayList<>();
        for (BlockJob j : jobs.jobs()) {
            out.add(BlockJobInfo.of(j));
        }
        return out;
    }
}
