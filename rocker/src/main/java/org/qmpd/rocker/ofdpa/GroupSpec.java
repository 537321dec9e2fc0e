package org.qmpd.rocker.ofdpa;

/**
 * A group as a client describes it, before {@link GroupRules} checks it: the members of QEMU's
 * {@code RockerOfDpaGroup}, null where left out. The id may be left out when the type and the
 * members the id encodes (VLAN, pport, index) are given.
 */
public final class GroupSpec {
    public Long id;
    public Integer type;
    public Integer vlanId;
    public Long pport;
    public Long index;
    public Long outPport;
    public Long groupId;
    public Integer setVlanId;
    public Integer popVlan;
    public long[] groupIds;
    public Long setEthSrc;
    public Long setEthDst;
    public Integer ttlCheck;
}
