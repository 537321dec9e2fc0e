package org.qmpd.block.qmp;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/** 2.4's {@code BlockDeviceInfo}: {@code query-block}'s {@code inserted} and {@code query-named-block-nodes}. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record BlockDeviceInfo(String file,
        @JsonProperty("node-name") String nodeName,
        boolean ro, String drv,
        @JsonProperty("backing_file") String backingFile,
        @JsonProperty("backing_file_depth") int backingFileDepth,
        boolean encrypted,
        @JsonProperty("encryption_key_missing") boolean encryptionKeyMissing,
        @JsonProperty("detect_zeroes") String detectZeroes,
        long bps,
        @JsonProperty("bps_rd") long bpsRd,
        @JsonProperty("bps_wr") long bpsWr,
        long iops,
        @JsonProperty("iops_rd") long iopsRd,
        @JsonProperty("iops_wr") long iopsWr,
        ImageInfo image,
        Cache cache,
        @JsonProperty("write_threshold") long writeThreshold) {

    /** {@code BlockdevCacheInfo}. */
    public record Cache(boolean writeback, boolean direct, @JsonProperty("no-flush") boolean noFlush) {
    }
}
