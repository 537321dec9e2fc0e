package org.qmpd.rocker.net;

/** Takes the frames a backend receives, on the backend's own thread (a switch port, a test). */
@FunctionalInterface
public interface FrameReceiver {
    /** {@code frame[off, off + len)} is only valid during the call. */
    void receive(byte[] frame, int off, int len);

    /**
     * Blocks until the receiver takes frames again (a switch waits while its machine is
     * stopped); backends call it before reading each frame, so that frames wait in the socket.
     */
    default void awaitReady() throws InterruptedException {
    }

    /** The backend was deleted ({@code netdev_del}); forget it. */
    default void detached(NetBackend backend) {
    }
}
