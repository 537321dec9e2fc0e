package org.qmpd.rocker.device;

import java.util.List;

import org.qmpd.rocker.ofdpa.OfDpaWorld;

/**
 * One rocker switch: its name, switch id, front-panel ports and OF-DPA world, and the queue
 * of frames for its CPU. It is the world's {@link OfDpaWorld.Ports}: frames the world sends
 * leave through the ports, frames for the CPU are queued, and MACs the bridging table sees are
 * learned as the rocker driver learns them, on ports with learning on.
 */
public final class Rocker implements OfDpaWorld.Ports {
    /** The only world QEMU's rocker has, and its name. */
    public static final String WORLD = "ofdpa";

    private final String name;
    private final long switchId;
    private final long fpStartMac;
    private final FpPort[] ports;
    private final OfDpaWorld world;
    private final CpuQueue cpu = new CpuQueue();
    private volatile RunGate gate = new RunGate();

    /** Port {@code i} gets the start MAC with {@code i} added to its last octet, as {@code fp_port_alloc}. */
    public Rocker(String name, long switchId, long fpStartMac, int portCount) {
        this.name = name;
        this.switchId = switchId;
        this.fpStartMac = fpStartMac;
        this.world = new OfDpaWorld(this);
        this.ports = new FpPort[portCount];
        for (int i = 0; i < portCount; i++) {
            ports[i] = new FpPort(this, i, fpStartMac & ~0xffL | fpStartMac + i & 0xff);
        }
    }

    public String name() {
        return name;
    }

    public long switchId() {
        return switchId;
    }

    public long fpStartMac() {
        return fpStartMac;
    }

    public OfDpaWorld world() {
        return world;
    }

    RunGate gate() {
        return gate;
    }

    /** Joins the machine: frames flow while {@code machineGate} is open. */
    void join(RunGate machineGate) {
        this.gate = machineGate;
        world.freeze(!machineGate.isOpen());
    }

    public CpuQueue cpu() {
        return cpu;
    }

    public List<FpPort> ports() {
        return List.of(ports);
    }

    /** The port with pport {@code pport} (1-based), or null. */
    public FpPort port(long pport) {
        return pport >= 1 && pport <= ports.length ? ports[(int) pport - 1] : null;
    }

    @Override
    public void egress(int pport, byte[] frame, int off, int len) {
        FpPort p = port(pport);
        if (p != null) {
            p.transmit(frame, off, len);
        }
    }

    @Override
    public void toCpu(int inPport, byte[] frame, int off, int len, boolean fwdOffload) {
        cpu.add(inPport, frame, off, len, fwdOffload);
    }

    @Override
    public void macVlanSeen(OfDpaWorld w, int pport, long mac, int vlanId) {
        FpPort p = port(pport);
        if (p != null) {
            p.macVlanSeen(mac, vlanId);
        }
    }

    /** Detaches every port from its backend (the switch is going away). */
    void detachAll() {
        for (FpPort p : ports) {
            p.attach(null);
        }
    }
}
