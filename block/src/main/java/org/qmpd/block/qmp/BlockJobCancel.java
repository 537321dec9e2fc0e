package org.qmpd.block.qmp;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.qmpd.block.job.BlockJob;
import org.qmpd.block.job.BlockJobs;
import org.qmpd.block.service.BlockLayer;
import org.qmpd.core.api.Arguments;
import org.qmpd.core.api.CommandHandler;
import org.qmpd.core.api.QmpCommand;
import org.qmpd.core.api.QmpException;
import org.qmpd.core.api.Session;

/**
 * {@code block-job-cancel}: the job stops at its next pause point and {@code BLOCK_JOB_CANCELLED}
 * follows (a ready active commit ends as completed instead). A paused job needs {@code force}.
 */
@Component(service = CommandHandler.class)
@QmpCommand(name = "block-job-cancel", args = "device:B,force:b?")
public final class BlockJobCancel implements CommandHandler {
    @Reference
    private BlockLayer block;
    @Reference
    private BlockJobs jobs;

    @Override
    public Object execute(Arguments args, Session session) throws QmpException {
        String device = args.string("device");
        BlockJob job = JobDevices.job(jobs, block.graph(), device);
        if (job.isPaused() && !args.bool("force", false)) {
            throw QmpException.generic("The block job for device '" + device + "' is currently paused");
        }
        job.cancel();
        return null;
    }
}
