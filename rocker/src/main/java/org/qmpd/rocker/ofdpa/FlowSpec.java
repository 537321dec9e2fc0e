package org.qmpd.rocker.ofdpa;

/**
 * A flow as a client describes it, before {@link FlowRules} checks it against its table:
 * every member of QEMU's {@code RockerOfDpaFlowKey}, {@code RockerOfDpaFlowMask} and
 * {@code RockerOfDpaFlowAction}, null where the client left it out. MACs are 48-bit numbers.
 */
public final class FlowSpec {
    public long cookie;

    public Long priority;
    public Long tblId;
    public Long inPport;
    public Long tunnelId;
    public Integer vlanId;
    public Integer ethType;
    public Long ethSrc;
    public Long ethDst;
    public Integer ipProto;
    public Integer ipTos;
    public IpPrefix ipDst;

    public Long inPportMask;
    public Long tunnelIdMask;
    public Integer vlanIdMask;
    public Long ethSrcMask;
    public Long ethDstMask;
    public Integer ipProtoMask;
    public Integer ipTosMask;

    public Long gotoTbl;
    public Long groupId;
    public Long tunnelLport;
    public Integer actionVlanId;
    public Integer newVlanId;
    public Long outPport;
    public Integer copyToCpu;
    public Integer clearActions;
}
