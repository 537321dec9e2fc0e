package org.qmpd.rocker.device;

/**
 * Open while the machine runs. As in QEMU, where a stopped machine's NICs take no packets
 * ({@code qemu_can_send_packet}), backends wait here before reading the next frame, so that
 * frames sent to a stopped switch wait in the socket and are forwarded when it runs again.
 */
final class RunGate {
    private volatile boolean open = true;

    boolean isOpen() {
        return open;
    }

    synchronized void set(boolean open) {
        this.open = open;
        notifyAll();
    }

    void await() throws InterruptedException {
        if (open) {
            return;
        }
        synchronized (this) {
            while (!open) {
                wait();
            }
        }
    }
}
