package org.qmpd.block.qmp;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.qmpd.block.job.BlockJobs;
import org.qmpd.block.service.BlockLayer;
import org.qmpd.core.api.Arguments;
import org.qmpd.core.api.CommandHandler;
import org.qmpd.core.api.QmpCommand;
import org.qmpd.core.api.QmpException;
import org.qmpd.core.api.Session;

/** {@code block-job-pause}: the job stops at its next pause point until resumed; pausing a paused job is no error. */
@Component(service = CommandHandler.class)
@QmpCommand(name = "block-job-pause", args = "device:B")
public final class BlockJobPause implements CommandHandler {
    @Reference
    private BlockLayer block;
    @Reference
    private BlockJobs jobs;

    @Override
    public Object execute(Arguments args, Session session) throws QmpException {
        JobDevices.job(jobs, block.graph(), args.string("device")).pause();
        return null;
    }
}
