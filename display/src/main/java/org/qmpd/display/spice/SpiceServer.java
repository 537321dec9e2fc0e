package org.qmpd.display.spice;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.security.SecureRandom;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import javax.net.ssl.SSLContext;

import org.qmpd.display.console.Keyboard;
import org.qmpd.display.net.Endpoint;

/**
 * The SPICE server's control plane: the listening sockets of {@code -spice port=} (plain) and
 * {@code tls-port=} (TLS), the link handshake with ticket checking, and the two channels qmpd
 * serves after it: main (session id, name, channel list) and inputs (keys to the guest
 * keyboard). See {@link SpiceConnection} for what a client sees. Ticketing follows
 * {@link SpiceTicketing}.
 */
public final class SpiceServer implements AutoCloseable, SpiceTicketing.Clients {
    /** A linked channel, as {@code query-spice} lists it. */
    public record Channel(Endpoint client, Endpoint server, int connectionId, int channelType, int channelId, boolean tls) {
    }

    /** Told of each connection's life, on its thread: QEMU's {@code channel_event}. */
    public interface Listener {
        void connected(Endpoint server, Endpoint client);

        void initialized(Channel channel, String auth);

        void disconnected(Endpoint server, Endpoint client);
    }

    private static final SecureRandom RANDOM = new SecureRandom();

    private final Keyboard keyboard;
    private final Listener listener;
    private final String name;
    private final SpiceTicketing ticketing = new SpiceTicketing(this);
    private final List<ServerSocket> sockets = new CopyOnWriteArrayList<>();
    private final List<SpiceConnection> connections = new CopyOnWriteArrayList<>();
    private final List<Channel> channels = new CopyOnWriteArrayList<>();
    private final Map<Integer, SpiceConnection> sessions = new ConcurrentHashMap<>();

    public SpiceServer(Keyboard keyboard, Listener listener, String name) {
        this.keyboard = keyboard;
        this.listener = listener;
        this.name = name;
    }

    public SpiceTicketing ticketing() {
        return ticketing;
    }

    /**
     * Listens on {@code port} (if not 0) and on {@code tlsPort} with {@code tls} (if not 0),
     * at {@code address} (null: every address). Either both sockets are bound or neither.
     */
    public void listen(InetAddress address, int port, int tlsPort, SSLContext tls) throws IOException {
        try {
            if (port != 0) {
                start(bind(new ServerSocket(), address, port), false);
            }
            if (tlsPort != 0) {
                start(bind(tls.getServerSocketFactory().createServerSocket(), address, tlsPort), true);
            }
        } catch (IOException e) {
            close();
            throw e;
        }
    }

    private static ServerSocket bind(ServerSocket s, InetAddress address, int port) throws IOException {
        s.setReuseAddress(true);
        try {
            s.bind(new InetSocketAddress(address, port), 32);
        } catch (IOException e) {
            s.close();
            throw e;
        }
        return s;
    }

    private void start(ServerSocket socket, boolean tls) {
        sockets.add(socket);
        Thread t = new Thread(() -> accept(socket, tls), "qmpd-spice-accept");
        t.setDaemon(true);
        t.start();
    }

    private void accept(ServerSocket socket, boolean tls) {
        while (!socket.isClosed()) {
            try {
                Socket s = socket.accept();
                s.setTcpNoDelay(true);
                SpiceConnection c = new SpiceConnection(this, s, tls);
                connections.add(c);
                Thread t = new Thread(c, "qmpd-spice-link");
                t.setDaemon(true);
                t.start();
            } catch (SocketException e) {
                return;
            } catch (IOException e) {
                // one failed accept does not stop the server
            }
        }
    }

    /** The linked channels, in link order. */
    public List<Channel> channels() {
        return List.copyOf(channels);
    }

    /** Whether a client's main channel is linked ({@code reds_main_channel_connected}). */
    @Override
    public boolean connected() {
        return !sessions.isEmpty();
    }

    /** Disconnects every client ({@code reds_disconnect}). */
    @Override
    public void disconnectAll() {
        for (SpiceConnection c : connections) {
            c.close();
        }
    }

    Keyboard keyboard() {
        return keyboard;
    }

    Listener listener() {
        return listener;
    }

    String name() {
        return name;
    }

    /** A new session id for a main channel (never 0, as {@code rand()} is retried). */
    int newSession(SpiceConnection main) {
        int id;
        do {
            id = RANDOM.nextInt() & 0x7FFFFFFF;
        } while (id == 0 || sessions.putIfAbsent(id, main) != null);
        return id;
    }

    /** Registers a main channel that brought its own connection id (a migration target). */
    void joinSession(int id, SpiceConnection main) {
        sessions.put(id, main);
    }

    boolean hasSession(int id) {
        return sessions.containsKey(id);
    }

    void linked(Channel channel) {
        channels.add(channel);
        listener.initialized(channel, ticketing.auth());
    }

    /** A connection ended: forget its channel and, for a main channel, the whole session. */
    void closed(SpiceConnection c, Channel channel, boolean main) {
        connections.remove(c);
        if (channel != null) {
            channels.remove(channel);
            if (main && sessions.remove(channel.connectionId(), c)) {
                for (SpiceConnection other : connections) {
                    if (other.connectionId() == channel.connectionId()) {
                        other.close();
                    }
                }
            }
        }
    }

    @Override
    public void close() {
        for (ServerSocket s : sockets) {
            try {
                s.close();
            } catch (IOException e) {
                // closing anyway
            }
        }
        disconnectAll();
    }
}
