package org.qmpd.rocker.qmp;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * One frame the switch delivered to its CPU port: the port it came in on, whether the switch
 * also forwarded it ({@code ROCKER_RX_FLAGS_FWD_OFFLOAD}), and the frame in hex.
 */
public record CpuFrameInfo(@JsonProperty("in-pport") long inPport, @JsonProperty("fwd-offload") boolean fwdOffload,
                           String frame) {
}
