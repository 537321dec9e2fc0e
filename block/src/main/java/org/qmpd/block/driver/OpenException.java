package org.qmpd.block.driver;

/** Opening a node failed; the message is QEMU's text for the failure. */
public final class OpenException extends Exception {
    private static final long serialVersionUID = 1L;

    public OpenException(String message) {
        super(message, null, false, false);
    }
}
