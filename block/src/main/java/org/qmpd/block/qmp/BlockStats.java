package org.qmpd.block.qmp;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/** 2.4's {@code BlockStats}: a node's counters, its protocol child's ({@code parent}) and its backing's. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record BlockStats(String device, @JsonProperty("node-name") String nodeName, Counters stats,
        BlockStats parent, BlockStats backing) {

    /** {@code BlockDeviceStats} of 2.4. */
    public record Counters(@JsonProperty("rd_bytes") long rdBytes,
            @JsonProperty("wr_bytes") long wrBytes,
            @JsonProperty("rd_operations") long rdOperations,
            @JsonProperty("wr_operations") long wrOperations,
            @JsonProperty("flush_operations") long flushOperations,
            @JsonProperty("flush_total_time_ns") long flushTotalTimeNs,
            @JsonProperty("wr_total_time_ns") long wrTotalTimeNs,
            @JsonProperty("rd_total_time_ns") long rdTotalTimeNs,
            @JsonProperty("wr_highest_offset") long wrHighestOffset,
            @JsonProperty("rd_merged") long rdMerged,
            @JsonProperty("wr_merged") long wrMerged) {
    }
}
