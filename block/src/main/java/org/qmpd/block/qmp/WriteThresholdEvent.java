package org.qmpd.block.qmp;

import com.fasterxml.jackson.annotation.JsonProperty;

/** {@code BLOCK_WRITE_THRESHOLD} data: {@code node-name}, {@code amount-exceeded}, {@code write-threshold}. */
public record WriteThresholdEvent(@JsonProperty("node-name") String nodeName,
        @JsonProperty("amount-exceeded") long amountExceeded,
        @JsonProperty("write-threshold") long writeThreshold) {
}
