package org.qmpd.rocker.qmp;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * {@code RockerOfDpaGroup}: one entry of {@code query-rocker-of-dpa-groups}, and the shape the
 * group commands take. Members are left out (null) by QEMU's rules, see {@link GroupShapes#info}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record GroupInfo(long id, int type, @JsonProperty("vlan-id") Integer vlanId, Long pport, Long index,
                        @JsonProperty("out-pport") Long outPport, @JsonProperty("group-id") Long groupId,
                        @JsonProperty("set-vlan-id") Integer setVlanId, @JsonProperty("pop-vlan") Integer popVlan,
                        @JsonProperty("group-ids") List<Long> groupIds, @JsonProperty("set-eth-src") String setEthSrc,
                        @JsonProperty("set-eth-dst") String setEthDst, @JsonProperty("ttl-check") Integer ttlCheck) {
}
