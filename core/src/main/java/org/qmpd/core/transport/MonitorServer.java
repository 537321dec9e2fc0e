package org.qmpd.core.transport;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.qmpd.core.dispatch.Dispatcher;
import org.qmpd.core.machine.MachineState;
import org.qmpd.core.protocol.Greeting;
import org.qmpd.core.session.QmpSession;
import org.qmpd.core.session.Sessions;
import org.qmpd.core.session.SocketSession;

/**
 * The QMP monitors: listening sockets whose every client gets a session and its greeting at
 * once (QEMU serves one client per monitor; we serve all), and outgoing connections to a
 * listening client. A unix socket is bound under a temporary name and renamed into place, so
 * a client that connects the instant the path appears always finds it listening. On
 * deactivation, every session's queued messages are written, the sockets are closed and the
 * unix socket files removed.
 */
@Component(service = MonitorServer.class)
public final class MonitorServer {
    private static final System.Logger LOG = System.getLogger(MonitorServer.class.getName());

    @Reference
    private Dispatcher dispatcher;
    @Reference
    private Sessions sessions;
    @Reference
    private MachineState machine;

    private final List<Listener> listeners = new CopyOnWriteArrayList<>();

    /** One listening socket and its accept thread. */
    private final class Listener implements Runnable {
        final MonitorSpec spec;
        final ServerSocketChannel channel;
        final Path unixPath;
        final CountDownLatch firstClient = new CountDownLatch(1);
        final String address;

        Listener(MonitorSpec spec, ServerSocketChannel channel, Path unixPath, String address) {
            this.spec = spec;
            this.channel = channel;
            this.unixPath = unixPath;
            this.address = address;
        }

        @Override
        public void run() {
            while (channel.isOpen()) {
                try {
                    SocketChannel client = channel.accept();
                    String peer = spec.kind() == MonitorSpec.Kind.TCP
                            ? "tcp:" + ((InetSocketAddress) client.getRemoteAddress()).getHostString() + ":"
                                    + ((InetSocketAddress) client.getRemoteAddress()).getPort()
                            : "unix:" + unixPath;
                    if (spec.kind() == MonitorSpec.Kind.TCP) {
                        client.setOption(StandardSocketOptions.TCP_NODELAY, true);
                    }
                    serve(client, peer, spec.pretty());
                    firstClient.countDown();
                } catch (IOException e) {
                    if (channel.isOpen()) {
                        LOG.log(System.Logger.Level.WARNING, "accept on " + address + " failed: " + e);
                    }
                }
            }
        }

        void close() {
            try {
                channel.close();
            } catch (IOException e) {
                // closing anyway
            }
            if (unixPath != null) {
                try {
                    Files.deleteIfExists(unixPath);
                } catch (IOException e) {
                    LOG.log(System.Logger.Level.WARNING, "could not remove " + unixPath + ": " + e);
                }
            }
        }
    }

    /**
     * Opens the monitor {@code spec} describes and returns its address as QEMU names it. A
     * server with {@code wait=on} returns only once its first client has connected.
     */
    public String open(MonitorSpec spec) throws IOException, InterruptedException {
        if (!spec.server()) {
            return connect(spec);
        }
        ServerSocketChannel channel;
        Path unixPath = null;
        int port = 0;
        if (spec.kind() == MonitorSpec.Kind.UNIX) {
            unixPath = Path.of(spec.path()).toAbsolutePath();
            Path temporary = unixPath.resolveSibling("." + unixPath.getFileName() + "." + ProcessHandle.current().pid() + ".tmp");
            Files.deleteIfExists(temporary);
            channel = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
            try {
                channel.bind(UnixDomainSocketAddress.of(temporary), 128);
                Files.move(temporary, unixPath, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (IOException e) {
                channel.close();
                Files.deleteIfExists(temporary);
                throw new IOException("Failed to bind socket to " + spec.path() + ": " + reason(e), e);
            }
        } else {
            channel = ServerSocketChannel.open();
            channel.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            try {
                channel.bind(new InetSocketAddress(spec.host(), spec.port()), 128);
            } catch (IOException e) {
                channel.close();
                throw new IOException("Failed to bind socket: " + reason(e), e);
            }
            port = ((InetSocketAddress) channel.getLocalAddress()).getPort();
        }
        Listener listener = new Listener(spec, channel, unixPath, spec.describe(port));
        listeners.add(listener);
        Thread accept = new Thread(listener, "qmp-accept " + listener.address);
        accept.setDaemon(true);
        accept.start();
        if (spec.waitForClient()) {
            System.err.println("qmpd: waiting for connection on: " + listener.address);
            listener.firstClient.await();
        }
        return listener.address;
    }

    private String connect(MonitorSpec spec) throws IOException {
        SocketChannel client;
        String address = spec.describe(spec.port());
        try {
            if (spec.kind() == MonitorSpec.Kind.UNIX) {
                client = SocketChannel.open(UnixDomainSocketAddress.of(spec.path()));
            } else {
                client = SocketChannel.open(new InetSocketAddress(spec.host(), spec.port()));
                client.setOption(StandardSocketOptions.TCP_NODELAY, true);
            }
        } catch (IOException e) {
            throw new IOException("Failed to connect socket: " + reason(e), e);
        }
        serve(client, address, spec.pretty());
        return address;
    }

    private static String reason(IOException e) {
        String message = e.getMessage();
        return message == null ? e.getClass().getSimpleName() : message;
    }

    private void serve(SocketChannel client, String peer, boolean pretty) {
        SocketSession session = new SocketSession(client, peer, pretty, dispatcher::handle, sessions::remove);
        sessions.add(session);
        session.start(Greeting.bytes(pretty));
    }

    @Deactivate
    void deactivate() {
        for (Listener listener : listeners) {
            listener.close();
        }
        listeners.clear();
        machine.announceShutdown();
        for (QmpSession session : sessions.all()) {
            session.close();
        }
    }
}
