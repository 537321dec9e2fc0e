package org.qmpd.rocker.ofdpa;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.StampedLock;

/**
 * A rocker switch's OF-DPA world: its flow tables, its group table and the pipeline frames
 * take through them ({@link Pipeline}). Commands change the tables under a write lock; frames
 * are forwarded on the data-path threads under a read lock, so many ports forward at once
 * and a command never sees a frame half processed.
 */
public final class OfDpaWorld {
    /** {@code ROCKER_FP_PORTS_MAX}: front-panel pports are 1 to 62. */
    public static final int FP_PORTS_MAX = 62;

    /** Where a world's frames go: the switch that owns it. */
    public interface Ports {
        /** Sends a frame out of a front-panel port ({@code rocker_port_eg}). */
        void egress(int pport, byte[] frame, int off, int len);

        /**
         * Hands a frame to the CPU ({@code rx_produce}); {@code fwdOffload} when it was copied
         * to the CPU besides being forwarded ({@code ROCKER_RX_FLAGS_FWD_OFFLOAD}).
         */
        void toCpu(int inPport, byte[] frame, int off, int len, boolean fwdOffload);

        /**
         * The bridging table saw a source MAC on a VLAN that no exact flow covers, or whose
         * flow was last refreshed a second ago or more ({@code rocker_event_mac_vlan_seen}).
         * Called on the data path after the frame, outside the world's lock.
         */
        void macVlanSeen(OfDpaWorld world, int pport, long mac, int vlanId);
    }

    private final StampedLock lock = new StampedLock();
    final FlowTable[] tables = new FlowTable[Tables.IDS.length];
    private final Map<Long, Flow> flows = new HashMap<>();
    final GroupTable groups = new GroupTable();
    private final Pipeline pipeline;
    private volatile boolean frozen;

    public OfDpaWorld(Ports ports) {
        for (int i = 0; i < tables.length; i++) {
            tables[i] = new FlowTable(lock);
        }
        this.pipeline = new Pipeline(this, ports);
    }

    /**
     * Forwards the frame loaded in {@code c}; called on a data-path thread. False if the world
     * is frozen and the frame was left untouched, for the caller to offer again later.
     */
    public boolean ingress(PacketContext c) {
        long stamp = lock.readLock();
        try {
            if (frozen) {
                return false;
            }
            pipeline.process(c);
        } finally {
            lock.unlockRead(stamp);
        }
        pipeline.afterFrame(c);
        return true;
    }

    /**
     * Stops (or resumes) forwarding: once {@code freeze(true)} returns, no frame is in the
     * pipeline and none enters it, so hit counts and learned flows no longer change.
     */
    public void freeze(boolean freeze) {
        long stamp = lock.writeLock();
        try {
            frozen = freeze;
        } finally {
            lock.unlockWrite(stamp);
        }
    }

    public Flow flow(long cookie) {
        long stamp = lock.readLock();
        try {
            return flows.get(cookie);
        } finally {
            lock.unlockRead(stamp);
        }
    }

    public List<Flow> flows() {
        long stamp = lock.readLock();
        try {
            return new ArrayList<>(flows.values());
        } finally {
            lock.unlockRead(stamp);
        }
    }

    public int flowCount() {
        long stamp = lock.readLock();
        try {
            return flows.size();
        } finally {
            lock.unlockRead(stamp);
        }
    }

    public void addFlow(Flow flow) throws OfDpaException {
        long stamp = lock.writeLock();
        try {
            if (flows.containsKey(flow.cookie())) {
                throw new OfDpaException("flow with cookie " + Long.toUnsignedString(flow.cookie()) + " already exists");
            }
            insert(flow);
        } finally {
            lock.unlockWrite(stamp);
        }
    }

    /** Replaces the flow with the same cookie, keeping its hit count ({@code FLOW_MOD}). */
    public void modFlow(Flow flow) throws OfDpaException {
        long stamp = lock.writeLock();
        try {
            Flow old = flows.get(flow.cookie());
            if (old == null) {
                throw notFound(flow.cookie());
            }
            remove(old);
            flow.baseHits = old.baseHits;
            insert(flow);
        } finally {
            lock.unlockWrite(stamp);
        }
    }

    public void delFlow(long cookie) throws OfDpaException {
        long stamp = lock.writeLock();
        try {
            Flow old = flows.get(cookie);
            if (old == null) {
                throw notFound(cookie);
            }
            remove(old);
        } finally {
            lock.unlockWrite(stamp);
        }
    }

    private static OfDpaException notFound(long cookie) {
        return new OfDpaException("flow with cookie " + Long.toUnsignedString(cookie) + " not found");
    }

    private void insert(Flow flow) {
        flows.put(flow.cookie(), flow);
        tables[Tables.slot(flow.tblId())].add(flow);
    }

    private void remove(Flow flow) {
        flows.remove(flow.cookie());
        tables[Tables.slot(flow.tblId())].remove(flow);
    }

    public Group group(int id) {
        long stamp = lock.readLock();
        try {
            return groups.get(id);
        } finally {
            lock.unlockRead(stamp);
        }
    }

    public List<Group> groups() {
        long stamp = lock.readLock();
        try {
            return groups.values();
        } finally {
            lock.unlockRead(stamp);
        }
    }

    public void addGroup(Group group) throws OfDpaException {
        long stamp = lock.writeLock();
        try {
            if (groups.get(group.id()) != null) {
                throw new OfDpaException("group " + GroupId.hex(group.id()) + " already exists");
            }
            groups.put(group);
        } finally {
            lock.unlockWrite(stamp);
        }
    }

    public void modGroup(Group group) throws OfDpaException {
        long stamp = lock.writeLock();
        try {
            if (groups.get(group.id()) == null) {
                throw new OfDpaException("group " + GroupId.hex(group.id()) + " not found");
            }
            groups.put(group);
        } finally {
            lock.unlockWrite(stamp);
        }
    }

    public void delGroup(int id) throws OfDpaException {
        long stamp = lock.writeLock();
        try {
            if (!groups.remove(id)) {
                throw new OfDpaException("group " + GroupId.hex(id) + " not found");
            }
        } finally {
            lock.unlockWrite(stamp);
        }
    }

    /**
     * The cookies of the flows learning installs: {@code 0x4 << 60 | VID << 48 | MAC}, below
     * 2^63 so that 2.4's signed QMP integers show them as they are.
     */
    public static final long LEARNED_COOKIE = 0x4L << 60;
    /** The rocker driver's {@code ROCKER_PRIORITY_BRIDGING_VLAN}, which its learned FDB entries get. */
    public static final int LEARNED_PRIORITY = 3;

    /**
     * What the rocker driver does when told a MAC was seen on a VLAN with learning on: a
     * bridging flow for (VLAN, MAC) that writes the L2 interface group of (VLAN, pport) and
     * goes to the ACL table, or the same flow moved to the new port. Nothing is installed if
     * that group does not exist or a client's exact flow already covers the address (false).
     */
    public boolean learn(int pport, long mac, int vlanId) {
        int vid = vlanId & 0xfff;
        int groupId = GroupId.l2Interface(vid, pport);
        long cookie = LEARNED_COOKIE | (long) vid << 48 | mac & FlowKey.MAC_ALL;
        long stamp = lock.writeLock();
        try {
            if (groups.get(groupId) == null) {
                return false;
            }
            Flow old = flows.get(cookie);
            if (old == null) {
                long[] fields = new long[FlowKey.WORDS];
                fields[FlowKey.W_DST] = (mac & FlowKey.MAC_ALL) << 16 | vlanId & 0xffff;
                Flow other = tables[Tables.BRIDGING / 10].lookup(fields);
                if (other != null && other.maskRef().ethDst() == FlowKey.MAC_ALL) {
                    return false;
                }
            } else if (old.tblId() != Tables.BRIDGING) {
                return false;
            } else if (old.action().groupId() == groupId) {
                return true;
            } else {
                remove(old);
            }
            FlowKey key = new FlowKey().vlanId(vlanId).ethDst(mac);
            FlowKey mask = new FlowKey().vlanId(0xffff).ethDst(FlowKey.MAC_ALL);
            Flow flow = new Flow(cookie, Tables.BRIDGING, LEARNED_PRIORITY, 0, key, mask,
                    new FlowAction(Tables.ACL_POLICY, groupId, 0, 0, 0, 0, 0));
            if (old != null) {
                flow.baseHits = old.baseHits;
            }
            insert(flow);
            return true;
        } finally {
            lock.unlockWrite(stamp);
        }
    }

    /** Replaces every flow and group at once (an incoming migration, a reset). */
    public void replace(Collection<Flow> newFlows, Collection<Group> newGroups) {
        long stamp = lock.writeLock();
        try {
            flows.clear();
            for (FlowTable t : tables) {
                t.clear();
            }
            groups.clear();
            for (Flow f : newFlows) {
                insert(f);
            }
            for (Group g : newGroups) {
                groups.put(g);
            }
        } finally {
            lock.unlockWrite(stamp);
        }
    }
}
