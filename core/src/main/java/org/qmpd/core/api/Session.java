package org.qmpd.core.api;

/** The client connection a command came from; most handlers ignore it. */
public interface Session {
    /** A number unique among the sessions of this process. */
    long id();

    /** Where the client is, for logs: {@code tcp:127.0.0.1:40202}, {@code unix:/run/qmp.sock}, {@code internal}. */
    String peer();

    /**
     * Takes the descriptor this client stored under {@code name} with {@code getfd}, as QEMU's
     * {@code monitor_get_fd}: it leaves the session and the caller owns it. Null if none.
     */
    default PassedFd takeFd(String name) {
        return null;
    }
}
