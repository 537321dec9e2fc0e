package org.qmpd.migration.transport;

import java.io.Closeable;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where a destination waits for its one incoming migration: a bound socket, or an
 * {@code exec:} command whose output is the stream. {@link #accept} gives the connection
 * and closes the listening socket, as QEMU stops listening after the first connection.
 */
public final class Listener implements Closeable {
    private final ServerSocketChannel server;
    private final Path unixPath;
    private final String command;
    private final Connection ready;

    private Listener(ServerSocketChannel server, Path unixPath, String command) {
        this(server, unixPath, command, null);
    }

    private Listener(ServerSocketChannel server, Path unixPath, String command, Connection ready) {
        this.server = server;
        this.unixPath = unixPath;
        this.command = command;
        this.ready = ready;
    }

    /**
     * {@code fd:N}: the stream comes on descriptor N, inherited from whoever started qmpd (a
     * pipe or a file), opened as {@code /proc/self/fd/N}.
     */
    public static Listener descriptor(String fd) throws TransportException {
        try {
            int n = Integer.parseInt(fd.trim());
            java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(Path.of("/proc/self/fd/" + n),
                    java.nio.file.StandardOpenOption.READ);
            return new Listener(null, null, null, new PipeConnection(ch));
        } catch (NumberFormatException e) {
            throw new TransportException("failed to open the source descriptor: Bad file descriptor");
        } catch (IOException e) {
            throw new TransportException("failed to open the source descriptor: " + Endpoint.reason(e), e);
        }
    }

    static Listener tcp(InetSocketAddress address) throws TransportException {
        try {
            ServerSocketChannel s = ServerSocketChannel.open();
            try {
                s.bind(address, 1);
            } catch (IOException e) {
                s.close();
                throw new TransportException("Failed to bind socket: " + Endpoint.reason(e), e);
            }
            return new Listener(s, null, null);
        } catch (TransportException e) {
            throw e;
        } catch (IOException e) {
            throw new TransportException("Failed to create socket: " + Endpoint.reason(e), e);
        }
    }

    static Listener unix(String path) throws TransportException {
        Path p = Path.of(path);
        try {
            ServerSocketChannel s = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
            try {
                Files.deleteIfExists(p); // as unix_listen_opts unlinks a stale socket first
                s.bind(UnixDomainSocketAddress.of(p), 1);
            } catch (IOException e) {
                s.close();
                throw new TransportException("Failed to bind socket to " + path + ": " + Endpoint.reason(e), e);
            }
            return new Listener(s, p, null);
        } catch (TransportException e) {
            throw e;
        } catch (IOException e) {
            throw new TransportException("Failed to create socket: " + Endpoint.reason(e), e);
        }
    }

    static Listener exec(String command) {
        return new Listener(null, null, command);
    }

    /** The port a {@code tcp:} listener is bound to (useful when it was 0), or -1. */
    public int port() {
        try {
            return server != null && server.getLocalAddress() instanceof InetSocketAddress
                    ? ((InetSocketAddress) server.getLocalAddress()).getPort() : -1;
        } catch (IOException e) {
            return -1;
        }
    }

    /** Waits for the source (or starts the command) and stops listening. */
    public Connection accept() throws TransportException {
        if (ready != null) {
            return ready;
        }
        if (command != null) {
            return ExecConnection.start(command, false);
        }
        try {
            SocketChannel ch = server.accept();
            return new SocketConnection(ch);
        } catch (IOException e) {
            throw new TransportException("Failed to accept the migration connection: " + Endpoint.reason(e), e);
        } finally {
            close();
        }
    }

    @Override
    public void close() {
        if (server == null) {
            return;
        }
        try {
            server.close();
        } catch (IOException e) {
            // nothing more to do
        }
        if (unixPath != null) {
            try {
                Files.deleteIfExists(unixPath);
            } catch (IOException e) {
                // a stale socket file is harmless
            }
        }
    }
}
