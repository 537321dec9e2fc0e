package org.qmpd.rocker.ofdpa;

/**
 * The way a frame takes through the OF-DPA tables, as QEMU's {@code of_dpa_flow_ig_tbl} and
 * its per-table operations: look the frame up in a table; on a hit count it, apply and write
 * the flow's actions and go to the flow's next table (a hit without one drops the frame,
 * except in the ACL table, whose hit sends the frame to egress); on a miss take the table's
 * miss rule (ingress port: physical ports go on to VLAN; VLAN: drop; termination MAC: on to
 * bridging; routing: on to ACL; bridging: learn, on to ACL; ACL: egress). Egress
 * ({@code of_dpa_eg}) copies the frame to the CPU if a flow asked for it, then runs the group
 * in the action set.
 *
 * <p>Two things QEMU leaves as "XXX" are done here: an L3 unicast group decrements the TTL
 * (IPv4 header checksum updated; IPv6 hop limit) and, with {@code ttl-check}, drops a frame
 * whose TTL is 1 or 0; an IPv6 frame's addresses are matched.
 */
final class Pipeline {
    private final OfDpaWorld world;
    private final OfDpaWorld.Ports ports;

    Pipeline(OfDpaWorld world, OfDpaWorld.Ports ports) {
        this.world = world;
        this.ports = ports;
    }

    void process(PacketContext c) {
        int tbl = Tables.INGRESS_PORT;
        while (true) {
            if (!world.tables[tbl / 10].lookup(c.fields, c)) {
                switch (tbl) {
                    case Tables.INGRESS_PORT:
                        if (c.inPport < 1 || c.inPport > OfDpaWorld.FP_PORTS_MAX) {
                            return; // logical ports have no default rule
                        }
                        tbl = Tables.VLAN;
                        continue;
                    case Tables.TERMINATION_MAC:
                        prefetchLearn(c);
                        tbl = Tables.BRIDGING;
                        continue;
                    case Tables.UNICAST_ROUTING:
                    case Tables.MULTICAST_ROUTING:
                        tbl = Tables.ACL_POLICY;
                        continue;
                    case Tables.BRIDGING:
                        learn(c);
                        tbl = Tables.ACL_POLICY;
                        continue;
                    case Tables.ACL_POLICY:
                        egress(c);
                        return;
                    default:
                        return; // the VLAN table has no miss rule: drop
                }
            }
            Subtable st = c.hitSub;
            int slot = c.hitSlot;
            st.hit(slot);
            long a1 = st.action1(slot);
            long a2 = st.action2(slot);
            int next = (int) (a1 >>> 48) & 0xff;
            int groupId = (int) (a2 >>> 32);
            switch (tbl) {
                case Tables.VLAN:
                    int newVlanId = (int) (a1 >>> 16) & 0xffff;
                    if (newVlanId != 0) {
                        c.insertVlan(newVlanId);
                    }
                    break;
                case Tables.TERMINATION_MAC:
                    apply(c, a1);
                    break;
                case Tables.UNICAST_ROUTING:
                case Tables.MULTICAST_ROUTING:
                    if (groupId != 0) {
                        c.groupId = groupId;
                    }
                    break;
                case Tables.BRIDGING:
                    apply(c, a1);
                    if (groupId != 0) {
                        c.groupId = groupId;
                    }
                    c.tunnelLport = a2 & 0xffff_ffffL;
                    learn(c);
                    break;
                case Tables.ACL_POLICY:
                    apply(c, a1);
                    if ((a1 >>> 32 & 0xff) != 0) {
                        c.groupId = 0; // clear-actions
                    }
                    if (groupId != 0) {
                        c.groupId = groupId;
                    }
                    egress(c);
                    return;
                default:
                    break;
            }
            if (next <= tbl || Tables.slot(next) < 0) {
                return; // a hit without a goto drops the frame
            }
            tbl = next;
        }
    }

    /**
     * Bridging will look the source MAC up after the destination: start loading its slot now,
     * so that with many flows the two cache misses overlap instead of following each other.
     */
    private void prefetchLearn(PacketContext c) {
        long[] lf = c.learnFields;
        lf[FlowKey.W_DST] = c.ethSrc() << 16 | c.vlanId();
        c.sink += world.tables[Tables.BRIDGING / 10].touch(lf);
    }

    /** {@code of_dpa_apply_actions}: each such hit decides the CPU copy anew, on the flow's VLAN. */
    private static void apply(PacketContext c, long a1) {
        c.copyToCpu = (int) (a1 >>> 40) & 0xff;
        c.cpuVlan = (int) a1 & 0xffff;
    }

    /**
     * {@code of_dpa_bridging_learn}: is this (VLAN, source MAC) covered by an exact flow? If
     * not, the driver is told after the frame. QEMU also tells it again once a second for a
     * known address, for the driver's ageing; learned entries here do not age, so a known
     * address is not announced again.
     */
    private void learn(PacketContext c) {
        long mac = c.ethSrc();
        int vlan = c.vlanId();
        long[] lf = c.learnFields;
        lf[FlowKey.W_DST] = mac << 16 | vlan;
        if (world.tables[Tables.BRIDGING / 10].lookup(lf, c) && c.hitSub.exactDst) {
            return;
        }
        c.learnPending = true;
        c.learnMac = mac;
        c.learnVlan = vlan;
    }

    void afterFrame(PacketContext c) {
        if (c.learnPending) {
            c.learnPending = false;
            ports.macVlanSeen(world, c.inPport, c.learnMac, c.learnVlan);
        }
    }

    private void egress(PacketContext c) {
        GroupTable groups = world.groups;
        if (c.copyToCpu != 0) {
            Group cpu = groups.get(GroupId.l2Interface(c.cpuVlan, 0));
            if (cpu != null && cpu.type() == GroupId.L2_INTERFACE) {
                output(c, cpu, 0, 0, 0, false, false);
            }
        }
        if (c.groupId == 0) {
            return;
        }
        Group g = groups.get(c.groupId);
        if (g == null) {
            return;
        }
        switch (g.type()) {
            case GroupId.L2_INTERFACE:
                output(c, g, 0, 0, 0, false, false);
                break;
            case GroupId.L2_REWRITE:
                rewrite(c, g, false);
                break;
            case GroupId.L2_FLOOD:
            case GroupId.L2_MULTICAST:
                for (int id : g.groupIdsRef()) {
                    Group member = groups.get(id);
                    if (member == null) {
                        continue;
                    }
                    if (member.type() == GroupId.L2_INTERFACE) {
                        output(c, member, 0, 0, 0, false, false);
                    } else if (member.type() == GroupId.L2_REWRITE) {
                        rewrite(c, member, false);
                    }
                }
                break;
            case GroupId.L3_UNICAST:
                rewrite(c, g, true);
                break;
            default:
                break;
        }
    }

    /** An L2 rewrite or L3 unicast group: rewrite, then out through the lower L2 interface group. */
    private void rewrite(PacketContext c, Group g, boolean routed) {
        Group lower = world.groups.get(g.lowerGroupId());
        if (lower == null || lower.type() != GroupId.L2_INTERFACE) {
            return;
        }
        output(c, lower, g.setEthSrc(), g.setEthDst(), g.setVlanId(), routed, routed && g.ttlCheck() != 0);
    }

    /** {@code of_dpa_output_l2_interface}: never back out of the ingress port; pport 0 is the CPU. */
    private void output(PacketContext c, Group g, long setSrc, long setDst, int setVlan, boolean decTtl, boolean ttlCheck) {
        long outPport = g.outPport();
        if (outPport != 0 && outPport == c.inPport) {
            return;
        }
        boolean pop = g.popVlan() != 0;
        byte[] frame = c.buf;
        boolean edited = pop && c.tagged || setSrc != 0 || setDst != 0 || setVlan != 0 || decTtl;
        int off = c.start;
        int len = c.len;
        if (edited) {
            off = c.edit(pop, setSrc, setDst, setVlan, decTtl, ttlCheck);
            if (off < 0) {
                return;
            }
            len = c.outLen;
        }
        if (outPport == 0) {
            ports.toCpu(c.inPport, frame, off, len, c.copyToCpu != 0);
        } else {
            ports.egress((int) outPport, frame, off, len);
        }
        if (edited) {
            c.undo();
        }
    }
}
