package org.qmpd.block.nbd;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The NBD server of {@code nbd-server-start}: one listening socket (TCP or unix), a thread
 * per client connection, and the exports clients can choose from. Any number of clients may
 * be connected at once, to the same export or to different ones; each connection's requests
 * go straight to the export's block backend (see {@link NbdConnection}).
 */
public final class NbdServer {
    private final Map<String, NbdExport> exports = new ConcurrentHashMap<>();
    private final Set<NbdConnection> connections = ConcurrentHashMap.newKeySet();
    private final AtomicInteger ids = new AtomicInteger();
    private volatile ServerSocketChannel listener;
    private volatile Path unixPath;

    public boolean isRunning() {
        return listener != null;
    }

    /** Listens on {@code host:port} (TCP); {@code port} 0 picks a free one. */
    public synchronized void startTcp(String host, int port) throws IOException {
        ServerSocketChannel ch = ServerSocketChannel.open(StandardProtocolFamily.INET);
        try {
            ch.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            ch.bind(new InetSocketAddress(host, port), 64);
        } catch (IOException e) {
            ch.close();
            throw e;
        }
        listen(ch, null);
    }

    /** Listens on a unix socket, replacing a stale file as QEMU does. */
    public synchronized void startUnix(String path) throws IOException {
        Path p = Path.of(path);
        Files.deleteIfExists(p);
        ServerSocketChannel ch = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            ch.bind(UnixDomainSocketAddress.of(p), 64);
        } catch (IOException e) {
            ch.close();
            throw e;
        }
        listen(ch, p);
    }

    private void listen(ServerSocketChannel ch, Path unix) {
        listener = ch;
        unixPath = unix;
        Thread t = new Thread(() -> acceptLoop(ch), "nbd-accept");
        t.setDaemon(true);
        t.start();
    }

    /** The bound address (to learn a port picked by the system). */
    public SocketAddress address() throws IOException {
        ServerSocketChannel l = listener;
        return l == null ? null : l.getLocalAddress();
    }

    private void acceptLoop(ServerSocketChannel ch) {
        while (ch.isOpen()) {
            SocketChannel client;
            try {
                client = ch.accept();
            } catch (IOException e) {
                return;
            }
            try {
                if (client.getLocalAddress() instanceof InetSocketAddress) {
                    client.setOption(StandardSocketOptions.TCP_NODELAY, true);
                }
            } catch (IOException e) {
                // keep the default
            }
            NbdConnection c = new NbdConnection(this, client);
            connections.add(c);
            Thread t = new Thread(() -> {
                try {
                    c.run();
                } finally {
                    connections.remove(c);
                }
            }, "nbd-conn-" + ids.incrementAndGet());
            t.setDaemon(true);
            t.start();
        }
    }

    public NbdExport export(String name) {
        return exports.get(name);
    }

    public List<NbdExport> exports() {
        return List.copyOf(exports.values());
    }

    public void addExport(NbdExport export) {
        exports.put(export.name(), export);
    }

    /** Removes an export and drops its clients. */
    public void removeExport(String name) {
        NbdExport e = exports.remove(name);
        if (e != null) {
            for (NbdConnection c : connections) {
                if (c.export() == e) {
                    c.close();
                }
            }
        }
    }

    /** Stops listening, drops every client and forgets every export ({@code nbd-server-stop}). */
    public synchronized void stop() {
        ServerSocketChannel l = listener;
        listener = null;
        if (l != null) {
            try {
                l.close();
            } catch (IOException ignored) {
                // closed anyway
            }
        }
        Path p = unixPath;
        unixPath = null;
        if (p != null) {
            try {
                Files.deleteIfExists(p);
            } catch (IOException ignored) {
                // a stale file does no harm
            }
        }
        exports.clear();
        for (NbdConnection c : connections) {
            c.close();
        }
    }
}
