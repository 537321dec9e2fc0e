package org.qmpd.block.qmp;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.qmpd.block.job.BlockJob;
import org.qmpd.block.job.ErrorAction;
import org.qmpd.block.job.JobListener;
import org.qmpd.core.api.EventBus;

/** Turns what block jobs do into 2.4's events ({@code block_job_event_*}, {@code block_job_error_action}). */
@Component(service = JobListener.class)
public final class BlockJobEvents implements JobListener {
    @Reference
    private EventBus events;

    @Override
    public void completed(BlockJob job, String error) {
        events.emit("BLOCK_JOB_COMPLETED", BlockJobEvent.of(job, error));
    }

    @Override
    public void cancelled(BlockJob job) {
        events.emit("BLOCK_JOB_CANCELLED", BlockJobEvent.of(job, null));
    }

    @Override
    public void ready(BlockJob job) {
        events.emit("BLOCK_JOB_READY", BlockJobEvent.of(job, null));
    }

    @Override
    public void error(BlockJob job, boolean read, ErrorAction action) {
        events.emit("BLOCK_JOB_ERROR", new BlockJobErrorEvent(job.device(), read ? "read" : "write", action.name()));
    }
}
