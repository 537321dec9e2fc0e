package org.qmpd.core.api;

import java.nio.file.Path;

/**
 * A file descriptor a client passed with {@code getfd} (SCM_RIGHTS over a unix socket), now
 * owned by whoever took it from the {@link Session}: close it when done.
 */
public interface PassedFd extends AutoCloseable {
    /** The descriptor number in this process. */
    int number();

    /**
     * {@code /proc/self/fd/N}: opening it gives a new descriptor on the same file or pipe (not
     * on a socket), which is how Java code writes to it.
     */
    Path path();

    @Override
    void close();
}
