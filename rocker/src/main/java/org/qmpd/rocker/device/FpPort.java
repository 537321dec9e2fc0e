package org.qmpd.rocker.device;

import org.qmpd.rocker.net.FrameReceiver;
import org.qmpd.rocker.net.NetBackend;
import org.qmpd.rocker.ofdpa.PacketContext;

/**
 * A front-panel port of a switch (QEMU's {@code FpPort}): pport {@code index + 1}, its MAC, the
 * settings the driver would make (enabled, speed, duplex, autoneg, learning), an
 * administrative link state ({@code set_link}) and the network backend it is attached to.
 * Frames flow only while the link is up: the port enabled, its link not set down, and its
 * backend connected. Received frames enter the switch's world on the backend's thread.
 */
public final class FpPort implements FrameReceiver {
    private static final ThreadLocal<PacketContext> CONTEXT = ThreadLocal.withInitial(PacketContext::new);

    private final Rocker rocker;
    private final int pport;
    private final String name;
    private final long mac;
    private volatile boolean enabled;
    private volatile boolean link = true;
    private volatile boolean learning = true;
    private volatile long speed = 10000;
    private volatile boolean fullDuplex = true;
    private volatile boolean autoneg;
    private volatile NetBackend backend;
    private volatile long lastFailedLearn = -1;
    private volatile long lastFailedLearnNanos;

    FpPort(Rocker rocker, int index, long mac) {
        this.rocker = rocker;
        this.pport = index + 1;
        // the seed's names (sw1.1); QEMU's code says sw1p1
        this.name = rocker.name() + "." + pport;
        this.mac = mac;
    }

    public int pport() {
        return pport;
    }

    public String name() {
        return name;
    }

    public long mac() {
        return mac;
    }

    public boolean enabled() {
        return enabled;
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    /** The administrative link state ({@code set_link}); true unless set down. */
    public boolean link() {
        return link;
    }

    public void setLink(boolean up) {
        this.link = up;
    }

    public boolean learning() {
        return learning;
    }

    public void setLearning(boolean learning) {
        this.learning = learning;
    }

    public long speed() {
        return speed;
    }

    public boolean fullDuplex() {
        return fullDuplex;
    }

    public boolean autoneg() {
        return autoneg;
    }

    public void setSettings(long speed, boolean fullDuplex, boolean autoneg) {
        this.speed = speed;
        this.fullDuplex = fullDuplex;
        this.autoneg = autoneg;
    }

    public NetBackend backend() {
        return backend;
    }

    /** Whether frames flow: enabled, link not set down, backend attached and connected. */
    public boolean linkUp() {
        NetBackend b = backend;
        return enabled && link && b != null && b.linkUp();
    }

    /** Attaches this port to {@code b} (null detaches it); the caller checked it is free. */
    public void attach(NetBackend b) {
        NetBackend old = backend;
        if (old != null && old.peer() == this) {
            old.setPeer(null);
        }
        backend = b;
        if (b != null) {
            b.setPeer(this);
        }
    }

    @Override
    public void awaitReady() throws InterruptedException {
        rocker.gate().await();
    }

    @Override
    public void detached(NetBackend b) {
        if (backend == b) {
            b.setPeer(null);
            backend = null;
        }
    }

    @Override
    public void receive(byte[] frame, int off, int len) {
        if (!linkUp()) {
            return;
        }
        PacketContext c = CONTEXT.get();
        while (true) {
            try {
                rocker.gate().await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            // a frame read just as the machine stopped waits here for it to run again
            if (!c.load(pport, frame, off, len) || rocker.world().ingress(c)) {
                return;
            }
        }
    }

    /** Sends a frame out of this port ({@code fp_port_eg}); dropped while the link is down. */
    void transmit(byte[] frame, int off, int len) {
        NetBackend b = backend;
        if (enabled && link && b != null) {
            b.send(frame, off, len);
        }
    }

    /** The driver's side of learning: install the FDB flow, not retrying a failure within a second. */
    void macVlanSeen(long mac, int vlanId) {
        if (!learning) {
            return;
        }
        long key = (long) (vlanId & 0xffff) << 48 | mac;
        long now = System.nanoTime();
        if (key == lastFailedLearn && now - lastFailedLearnNanos < 1_000_000_000L) {
            return;
        }
        if (!rocker.world().learn(pport, mac, vlanId)) {
            lastFailedLearn = key;
            lastFailedLearnNanos = now;
        }
    }

    /** Back to QEMU's reset state: disabled, 10 Gb/s, full duplex, no autoneg. */
    void reset() {
        enabled = false;
        speed = 10000;
        fullDuplex = true;
        autoneg = false;
    }
}
