package org.qmpd.rocker.qmp;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * {@code RockerOfDpaFlow} with its {@code RockerOfDpaFlowKey}, {@code -Mask} and {@code -Action}:
 * one entry of {@code query-rocker-of-dpa-flows}, and the shape the flow commands take.
 * Members are left out (null) by QEMU's rules, see {@link FlowShapes#info}.
 */
public record FlowInfo(Number cookie, Number hits, Key key, Mask mask, Action action) {
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Key(long priority, @JsonProperty("tbl-id") long tblId, @JsonProperty("in-pport") Long inPport,
                      @JsonProperty("tunnel-id") Long tunnelId, @JsonProperty("vlan-id") Integer vlanId,
                      @JsonProperty("eth-type") Integer ethType, @JsonProperty("eth-src") String ethSrc,
                      @JsonProperty("eth-dst") String ethDst, @JsonProperty("ip-proto") Integer ipProto,
                      @JsonProperty("ip-tos") Integer ipTos, @JsonProperty("ip-dst") String ipDst) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Mask(@JsonProperty("in-pport") Long inPport, @JsonProperty("tunnel-id") Long tunnelId,
                       @JsonProperty("vlan-id") Integer vlanId, @JsonProperty("eth-src") String ethSrc,
                       @JsonProperty("eth-dst") String ethDst, @JsonProperty("ip-proto") Integer ipProto,
                       @JsonProperty("ip-tos") Integer ipTos) {
    }

    /** QEMU's members, then {@code copy-to-cpu} and {@code clear-actions}, which QEMU's QAPI lacks. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Action(@JsonProperty("goto-tbl") Long gotoTbl, @JsonProperty("group-id") Long groupId,
                         @JsonProperty("tunnel-lport") Long tunnelLport, @JsonProperty("vlan-id") Integer vlanId,
                         @JsonProperty("new-vlan-id") Integer newVlanId, @JsonProperty("out-pport") Long outPport,
                         @JsonProperty("copy-to-cpu") Integer copyToCpu,
                         @JsonProperty("clear-actions") Integer clearActions) {
    }
}
