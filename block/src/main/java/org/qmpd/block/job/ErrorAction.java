package org.qmpd.block.job;

/** What a job did about an I/O error, 2.4's {@code BlockErrorAction}, as {@code BLOCK_JOB_ERROR} reports it. */
public enum ErrorAction {
    ignore, report, stop
}
