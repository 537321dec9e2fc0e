package org.qmpd.core.fd;

import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;

import org.qmpd.core.api.PassedFd;

/** A descriptor received over a unix socket, closed at most once. */
public final class ReceivedFd implements PassedFd {
    private final int number;
    private final AtomicBoolean closed = new AtomicBoolean();

    public ReceivedFd(int number) {
        this.number = number;
    }

    @Override
    public int number() {
        return number;
    }

    @Override
    public Path path() {
        return Path.of("/proc/self/fd/" + number);
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            NativeFds.close(number);
        }
    }
}
