package org.qmpd.rocker.ofdpa;

/**
 * A flow or group command the OF-DPA world refuses (QEMU's {@code -ROCKER_EINVAL},
 * {@code -ROCKER_EEXIST}, {@code -ROCKER_ENOENT}, {@code -ROCKER_ENOTSUP}); the message is the
 * text the client sees, in the words of QEMU's debug messages where it has one.
 */
public final class OfDpaException extends Exception {
    private static final long serialVersionUID = 1L;

    public OfDpaException(String message) {
        super(message, null, false, false);
    }
}
