package org.qmpd.migration.state;

/** QEMU 2.4's {@code MigrationCapability}, in the schema's order (the order of {@code query-migrate-capabilities}). */
public enum Capability {
    XBZRLE("xbzrle"),
    RDMA_PIN_ALL("rdma-pin-all"),
    AUTO_CONVERGE("auto-converge"),
    ZERO_BLOCKS("zero-blocks"),
    COMPRESS("compress"),
    EVENTS("events");

    private final String qapiName;

    Capability(String qapiName) {
        this.qapiName = qapiName;
    }

    public String qapiName() {
        return qapiName;
    }

    /** The capability named {@code name} on the wire, or null. */
    public static Capability of(String name) {
        for (Capability c : values()) {
            if (c.qapiName.equals(name)) {
                return c;
            }
        }
        return null;
    }
}
