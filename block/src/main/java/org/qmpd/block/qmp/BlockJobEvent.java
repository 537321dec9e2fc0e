package org.qmpd.block.qmp;

import com.fasterxml.jackson.annotation.JsonInclude;

import org.qmpd.block.job.BlockJob;

/**
 * The data of {@code BLOCK_JOB_COMPLETED}, {@code BLOCK_JOB_CANCELLED} and
 * {@code BLOCK_JOB_READY}: {@code type}, {@code device}, {@code len}, {@code offset},
 * {@code speed}, and for a failed completion {@code error}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record BlockJobEvent(String type, String device, long len, long offset, long speed, String error) {
    static BlockJobEvent of(BlockJob job, String error) {
        return new BlockJobEvent(job.type().name(), job.device(), job.len(), job.offset(), job.speed(), error);
    }
}
