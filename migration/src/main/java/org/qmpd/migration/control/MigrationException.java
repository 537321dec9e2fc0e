package org.qmpd.migration.control;

/** A migration command refused, with QEMU's exact words; the command turns it into a GenericError. */
public final class MigrationException extends Exception {
    private static final long serialVersionUID = 1L;

    public MigrationException(String desc) {
        super(desc, null, false, false);
    }
}
