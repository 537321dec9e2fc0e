package org.qmpd.block.job;

import org.qmpd.block.graph.BlockIOException;

/**
 * What a job does when an I/O of its own fails, 2.4's {@code BlockdevOnError}:
 * {@code report} fails the job, {@code ignore} retries, {@code stop} pauses the job until
 * {@code block-job-resume}, {@code enospc} stops on ENOSPC and reports anything else.
 */
public enum OnError {
    report, ignore, enospc, stop;

    /** The names QMP accepts, in the schema's order. */
    public static final String[] NAMES = {"report", "ignore", "enospc", "stop"};

    /** {@code block_job_error_action}'s choice for an error {@code errno}. */
    public ErrorAction action(int errno) {
        switch (this) {
            case enospc:
                return errno == BlockIOException.ENOSPC ? ErrorAction.stop : ErrorAction.report;
            case stop:
                return ErrorAction.stop;
            case ignore:
                return ErrorAction.ignore;
            default:
                return ErrorAction.report;
        }
    }

    /** {@code stop} and {@code enospc} need a device with an I/O status to report to. */
    public boolean needsIoStatus() {
        return this == stop || this == enospc;
    }
}
