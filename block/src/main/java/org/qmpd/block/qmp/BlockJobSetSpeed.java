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

/** {@code block-job-set-speed}: a new limit in bytes per second (0: none) for the device's job. */
@Component(service = CommandHandler.class)
@QmpCommand(name = "block-job-set-speed", args = "device:B,speed:o")
public final class BlockJobSetSpeed implements CommandHandler {
    @Reference
    private BlockLayer block;
    @Reference
    private BlockJobs jobs;

    @Override
    public Object execute(Arguments args, Session session) throws QmpException {
        BlockJob job = JobDevices.job(jobs, block.graph(), args.string("device"));
        long speed = args.integer("speed");
        if (speed < 0) {
            throw QmpException.generic("Invalid parameter 'speed'");
        }
        job.setSpeed(speed);
        return null;
    }
}
