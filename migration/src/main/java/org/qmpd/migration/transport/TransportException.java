package org.qmpd.migration.transport;

/** A transport failure, its message in QEMU's words (e.g. {@code Failed to connect socket: Connection refused}). */
public final class TransportException extends Exception {
    private static final long serialVersionUID = 1L;

    public TransportException(String message) {
        super(message, null, false, false);
    }

    public TransportException(String message, Throwable cause) {
        super(message, cause, false, false);
    }
}
