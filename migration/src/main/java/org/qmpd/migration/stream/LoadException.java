package org.qmpd.migration.stream;

import java.io.IOException;

/**
 * Why a destination could not load a stream: {@link #getMessage()} is the detail QEMU reports
 * first (e.g. {@code Length mismatch: pc.ram: 0x8000000 in != 0x4000000: Invalid argument}),
 * {@link #errno()} the {@code strerror} text of its final
 * {@code load of migration failed: <errno>}.
 */
public final class LoadException extends IOException {
    private static final long serialVersionUID = 1L;
    private final String errno;

    public LoadException(String detail, String errno) {
        super(detail);
        this.errno = errno;
    }

    /** A malformed stream, as QEMU's {@code -EINVAL}. */
    public static LoadException invalid(String detail) {
        return new LoadException(detail, "Invalid argument");
    }

    public String errno() {
        return errno;
    }
}
