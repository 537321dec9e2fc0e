package org.qmpd.rocker.ofdpa;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** The ports of a test world: records every frame sent out, to the CPU, and every MAC seen. */
final class RecordingPorts implements OfDpaWorld.Ports {
    record Out(int pport, byte[] frame) {
    }

    record Seen(int pport, long mac, int vlan) {
    }

    final List<Out> egress = new ArrayList<>();
    final List<Out> cpu = new ArrayList<>();
    final List<Seen> seen = new ArrayList<>();
    boolean learn;

    @Override
    public void egress(int pport, byte[] frame, int off, int len) {
        egress.add(new Out(pport, Arrays.copyOfRange(frame, off, off + len)));
    }

    @Override
    public void toCpu(int inPport, byte[] frame, int off, int len, boolean fwdOffload) {
        cpu.add(new Out(inPport, Arrays.copyOfRange(frame, off, off + len)));
    }

    @Override
    public void macVlanSeen(OfDpaWorld world, int pport, long mac, int vlanId) {
        seen.add(new Seen(pport, mac, vlanId));
        if (learn) {
            world.learn(pport, mac, vlanId);
        }
    }

    void clear() {
        egress.clear();
        cpu.clear();
        seen.clear();
    }
}
