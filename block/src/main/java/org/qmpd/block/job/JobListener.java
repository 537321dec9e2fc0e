package org.qmpd.block.job;

/**
 * Told of what block jobs do, to turn it into QMP events ({@code BLOCK_JOB_COMPLETED},
 * {@code BLOCK_JOB_CANCELLED}, {@code BLOCK_JOB_READY}, {@code BLOCK_JOB_ERROR}). Registered
 * as a service; called from the machine thread or a job's thread, in the order things happen.
 */
public interface JobListener {
    /** The job ended by itself or by {@code block-job-complete}; {@code error} is strerror's text, or null on success. */
    void completed(BlockJob job, String error);

    /** The job ended because it was cancelled. */
    void cancelled(BlockJob job);

    /** The job is ready to be completed. */
    void ready(BlockJob job);

    /** An I/O of the job failed ({@code read} or write) and was handled with {@code action}. */
    void error(BlockJob job, boolean read, ErrorAction action);
}
