package org.qmpd.core.fd;

import java.io.IOException;
import java.nio.channels.SocketChannel;
import java.util.Arrays;
import java.util.function.Consumer;

/**
 * Reads a unix socket the way QEMU's socket chardev does for a monitor: bytes with {@code recvmsg},
 * handing the descriptors that arrives with them to a consumer (the session keeps them for
 * {@code getfd}).
 */
public final class FdReader {
    private final int socket;
    private final Consumer<int[]> received;
    private final int[] fds = new int[NativeFds.MAX_FDS + 1];

    private FdReader(int socket, Consumer<int[]> received) {
        this.socket = socket;
        this.received = received;
    }

    /** A reader for {@code channel}, or null where descriptor passing is not available. */
    public static FdReader of(SocketChannel channel, Consumer<int[]> received) {
        if (!NativeFds.available()) {
            return null;
        }
        int fd = NativeFds.descriptorOf(channel);
        return fd < 0 ? null : new FdReader(fd, received);
    }

    /** Reads like {@link java.nio.channels.ReadableByteChannel#read}: bytes read, or -1 at the end. */
    public int read(byte[] buf, int off, int len) throws IOException {
        int n = NativeFds.recv(socket, buf, off, len, fds);
        if (fds[0] > 0) {
            received.accept(Arrays.copyOfRange(fds, 1, 1 + fds[0]));
            fds[0] = 0;
        }
        if (n < 0) {
            throw new IOException("recvmsg failed: errno " + -n);
        }
        return n == 0 ? -1 : n;
    }
}
