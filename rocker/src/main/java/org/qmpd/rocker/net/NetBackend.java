package org.qmpd.rocker.net;

/**
 * A network backend ({@code -netdev} / {@code netdev_add}): real sockets that carry Ethernet
 * frames to and from the outside, each frame received handed to the backend's peer on the
 * backend's own thread. A backend has at most one peer, as in QEMU, where a NIC and its
 * netdev are peers of each other.
 */
public abstract class NetBackend {
    private final String id;
    private volatile FrameReceiver peer;

    protected NetBackend(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }

    /** The type as {@code info network} shows it: {@code socket}. */
    public String type() {
        return "socket";
    }

    /** What {@code info network} says of it: {@code socket: udp=127.0.0.1:5001}. */
    public abstract String info();

    /** Whether frames can flow now (a stream backend waits for its connection). */
    public abstract boolean linkUp();

    /**
     * Sends one frame; never blocks the caller on a slow peer (a frame that cannot be queued is
     * dropped, as a full link drops it). Safe from any thread.
     */
    public abstract void send(byte[] frame, int off, int len);

    /** Stops the threads and closes the sockets. */
    public abstract void close();

    public FrameReceiver peer() {
        return peer;
    }

    /** Attaches or (with null) detaches the peer that gets the frames. */
    public void setPeer(FrameReceiver receiver) {
        this.peer = receiver;
    }

    /** Waits until the peer takes frames; false if the wait was interrupted (the backend is closing). */
    protected final boolean awaitPeer() {
        FrameReceiver r = peer;
        if (r == null) {
            return true;
        }
        try {
            r.awaitReady();
            return true;
        } catch (InterruptedException e) {
            return false;
        }
    }

    protected final void deliver(byte[] frame, int off, int len) {
        FrameReceiver r = peer;
        if (r != null) {
            r.receive(frame, off, len);
        }
    }

    @Override
    public String toString() {
        return id + ": type=" + type() + "," + info();
    }
}
