package org.qmpd.block.qmp;

import com.fasterxml.jackson.annotation.JsonProperty;

import org.qmpd.block.job.BlockJob;

/** 2.4's {@code BlockJobInfo}, one element of {@code query-block-jobs}. */
public record BlockJobInfo(String type, String device, long len, long offset, boolean busy, boolean paused,
        long speed, @JsonProperty("io-status") String ioStatus, boolean ready) {
    static BlockJobInfo of(BlockJob job) {
        return new BlockJobInfo(job.type().name(), job.device(), job.len(), job.offset(), job.isBusy(),
                job.isPaused(), job.speed(), job.ioStatus(), job.isReady());
    }
}
