package org.qmpd.core.fd;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.qmpd.core.api.PassedFd;

/**
 * One session's descriptors, kept as QEMU 2.4 keeps them for a monitor: those that arrived
 * with the latest message (a newer arrival closes any not yet claimed, as the socket chardev
 * does), and those {@code getfd} stored under a name. Closing the session closes them all.
 */
public final class FdTable {
    private final List<ReceivedFd> arrived = new ArrayList<>();
    private final Map<String, PassedFd> named = new LinkedHashMap<>();

    /** From the reader: the descriptors that came with the bytes just read. */
    public synchronized void arrived(int[] fds) {
        closeArrived();
        for (int fd : fds) {
            arrived.add(new ReceivedFd(fd));
        }
    }

    /** {@code qemu_chr_fe_get_msgfd}: the first descriptor that arrived, the others closed; null if none. */
    public synchronized PassedFd takeArrived() {
        if (arrived.isEmpty()) {
            return null;
        }
        PassedFd first = arrived.remove(0);
        closeArrived();
        return first;
    }

    /** Stores {@code fd} under {@code name}, closing a descriptor already stored there. */
    public synchronized void store(String name, PassedFd fd) {
        PassedFd old = named.put(name, fd);
        if (old != null) {
            old.close();
        }
    }

    public synchronized PassedFd take(String name) {
        return named.remove(name);
    }

    public synchronized void closeAll() {
        closeArrived();
        for (PassedFd fd : named.values()) {
            fd.close();
        }
        named.clear();
    }

    private void closeArrived() {
        for (ReceivedFd fd : arrived) {
            fd.close();
        }
        arrived.clear();
    }
}
