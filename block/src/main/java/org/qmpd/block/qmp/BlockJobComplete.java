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

/**
 * {@code block-job-complete}: only a ready active commit can be completed (not while paused or
 * cancelled); it switches the device to its base and ends with {@code BLOCK_JOB_COMPLETED}.
 */
@Component(service = CommandHandler.class)
@QmpCommand(name = "block-job-complete", args = "device:B")
public final class BlockJobComplete implements CommandHandler {
    @Reference
    private BlockLayer block;
    @Reference
    private BlockJobs jobs;

    @Override
    public Object execute(Arguments args, Session session) throws QmpException {
        String device = args.string("device");
        if (!JobDevices.job(jobs, block.graph(), device).complete()) {
            throw QmpException.generic("The active block job for device '" + device + "' cannot be completed");
        }
        return null;
    }
}
