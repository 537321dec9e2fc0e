package org.qmpd.rocker.net;

/** A backend that cannot be created or found; the message is QEMU's error text. */
public final class NetdevException extends Exception {
    private static final long serialVersionUID = 1L;

    public NetdevException(String message) {
        super(message, null, false, false);
    }
}
