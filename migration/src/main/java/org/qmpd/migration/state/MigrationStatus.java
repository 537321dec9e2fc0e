package org.qmpd.migration.state;

/** QEMU 2.4's {@code MigrationStatus}, with the names QMP uses. */
public enum MigrationStatus {
    NONE("none"),
    SETUP("setup"),
    CANCELLING("cancelling"),
    CANCELLED("cancelled"),
    ACTIVE("active"),
    COMPLETED("completed"),
    FAILED("failed");

    private final String qapiName;

    MigrationStatus(String qapiName) {
        this.qapiName = qapiName;
    }

    public String qapiName() {
        return qapiName;
    }

    /** Setup, active or cancelling: a migration that {@code migrate} must not start over. */
    public boolean inProgress() {
        return this == SETUP || this == ACTIVE || this == CANCELLING;
    }

    @Override
    public String toString() {
        return qapiName;
    }
}
