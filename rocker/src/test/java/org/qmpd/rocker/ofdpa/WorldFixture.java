package org.qmpd.rocker.ofdpa;

import java.util.function.Consumer;

/** A world with a recording switch around it, programmed as a client would program it. */
class WorldFixture {
    final RecordingPorts ports = new RecordingPorts();
    final OfDpaWorld world = new OfDpaWorld(ports);
    final PacketContext ctx = new PacketContext();

    Flow flow(long cookie, int tbl, long priority, Consumer<FlowSpec> fill) throws OfDpaException {
        FlowSpec s = new FlowSpec();
        s.cookie = cookie;
        s.tblId = (long) tbl;
        s.priority = priority;
        fill.accept(s);
        Flow f = FlowRules.build(s);
        world.addFlow(f);
        return f;
    }

    Group group(Consumer<GroupSpec> fill) throws OfDpaException {
        GroupSpec s = new GroupSpec();
        fill.accept(s);
        Group g = GroupRules.build(s, world);
        world.addGroup(g);
        return g;
    }

    void send(int pport, byte[] frame) {
        if (ctx.load(pport, frame, 0, frame.length)) {
            world.ingress(ctx);
        }
    }

    /** Table 0 sends every physical port on; each port's untagged frames get {@code vlan}. */
    void accessPorts(int vlan, int... pports) throws OfDpaException {
        if (world.flow(1) == null) {
            flow(1, Tables.INGRESS_PORT, 1, s -> {
                s.inPport = 0L;
                s.inPportMask = 0xffff_0000L;
                s.gotoTbl = (long) Tables.VLAN;
            });
        }
        for (int p : pports) {
            flow(100 + p, Tables.VLAN, 1, s -> {
                s.inPport = (long) p;
                s.vlanId = 0;
                s.newVlanId = vlan;
                s.gotoTbl = (long) Tables.TERMINATION_MAC;
            });
            group(s -> {
                s.type = GroupId.L2_INTERFACE;
                s.vlanId = vlan;
                s.pport = (long) p;
                s.outPport = (long) p;
                s.popVlan = 1;
            });
        }
    }
}
