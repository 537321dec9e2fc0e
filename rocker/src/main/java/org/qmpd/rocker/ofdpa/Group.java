package org.qmpd.rocker.ofdpa;

/**
 * One OF-DPA group, as QEMU's {@code OfDpaGroup}: its id (whose top four bits are its type,
 * see {@link GroupId}) and the members its type uses. L2 interface: {@code outPport} (0 is the
 * CPU) and {@code popVlan}. L2 rewrite and L3 unicast: the lower group, and the source MAC,
 * destination MAC and VLAN to set (0: leave as is); L3 unicast also {@code ttlCheck}. L2 flood
 * and L2 multicast: the member groups, in the order given. Immutable.
 */
public final class Group {
    private final int id;
    private final long outPport;
    private final int popVlan;
    private final int lowerGroupId;
    private final int setVlanId;
    private final long setEthSrc;
    private final long setEthDst;
    private final int ttlCheck;
    private final int[] groupIds;

    private Group(int id, long outPport, int popVlan, int lowerGroupId, int setVlanId, long setEthSrc,
                  long setEthDst, int ttlCheck, int[] groupIds) {
        this.id = id;
        this.outPport = outPport;
        this.popVlan = popVlan;
        this.lowerGroupId = lowerGroupId;
        this.setVlanId = setVlanId;
        this.setEthSrc = setEthSrc;
        this.setEthDst = setEthDst;
        this.ttlCheck = ttlCheck;
        this.groupIds = groupIds;
    }

    public static Group l2Interface(int id, long outPport, int popVlan) {
        return new Group(id, outPport, popVlan, 0, 0, 0, 0, 0, new int[0]);
    }

    /** An L2 rewrite group ({@code ttlCheck} 0) or an L3 unicast group, by the id's type. */
    public static Group rewrite(int id, int lowerGroupId, int setVlanId, long setEthSrc, long setEthDst, int ttlCheck) {
        return new Group(id, 0, 0, lowerGroupId, setVlanId, setEthSrc, setEthDst, ttlCheck, new int[0]);
    }

    /** An L2 flood or L2 multicast group, by the id's type. */
    public static Group flood(int id, int[] groupIds) {
        return new Group(id, 0, 0, 0, 0, 0, 0, 0, groupIds.clone());
    }

    public int id() {
        return id;
    }

    public int type() {
        return GroupId.type(id);
    }

    public long outPport() {
        return outPport;
    }

    public int popVlan() {
        return popVlan;
    }

    public int lowerGroupId() {
        return lowerGroupId;
    }

    public int setVlanId() {
        return setVlanId;
    }

    public long setEthSrc() {
        return setEthSrc;
    }

    public long setEthDst() {
        return setEthDst;
    }

    public int ttlCheck() {
        return ttlCheck;
    }

    public int[] groupIds() {
        return groupIds.clone();
    }

    int[] groupIdsRef() {
        return groupIds;
    }
}
