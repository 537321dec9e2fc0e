package org.qmpd.block.job;

/** What a running job tells the registry that started it ({@link BlockJobs}). */
interface JobHost {
    /** {@link BlockJob#run} returned; the job is to be finished under the machine lock. */
    void ended(BlockJob job, int errno);

    /** An I/O error was handled with {@code action} ({@code BLOCK_JOB_ERROR}). */
    void error(BlockJob job, boolean read, ErrorAction action);

    /** The job is ready to be completed ({@code BLOCK_JOB_READY}). */
    void ready(BlockJob job);
}
