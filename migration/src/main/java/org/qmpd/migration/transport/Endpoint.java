package org.qmpd.migration.transport;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.net.UnknownHostException;
import java.nio.channels.SocketChannel;

/**
 * A migration URI ({@code tcp:HOST:PORT}, {@code unix:PATH}, {@code exec:COMMAND}), parsed
 * as 2.4 parses it when {@code migrate} or {@code migrate-incoming} is called, and the means
 * to connect to it or listen on it later, on a migration thread. Parse errors carry 2.4's
 * words ({@code error parsing address '...'}).
 */
public final class Endpoint {
    /** The schemes 2.4 knows; {@code fd:} and {@code rdma:} are recognised and refused. */
    public enum Scheme { TCP, UNIX, EXEC, FD, RDMA }

    private final Scheme scheme;
    private final String rest;
    private final String host;
    private final int port;

    private Endpoint(Scheme scheme, String rest, String host, int port) {
        this.scheme = scheme;
        this.rest = rest;
        this.host = host;
        this.port = port;
    }

    /** The scheme of {@code uri}, or null if it has none 2.4 knows. */
    public static Scheme schemeOf(String uri) {
        for (Scheme s : Scheme.values()) {
            if (uri.startsWith(s.name().toLowerCase() + ":")) {
                return s;
            }
        }
        return null;
    }

    /** Parses {@code uri}, whose scheme is TCP, UNIX or EXEC. */
    public static Endpoint parse(String uri) throws TransportException {
        Scheme scheme = schemeOf(uri);
        if (scheme == null || scheme == Scheme.FD || scheme == Scheme.RDMA) {
            throw new IllegalArgumentException("not a tcp, unix or exec URI: " + uri);
        }
        String rest = uri.substring(uri.indexOf(':') + 1);
        if (scheme != Scheme.TCP) {
            return new Endpoint(scheme, rest, null, 0);
        }
        String[] hostPort = InetAddressParser.parse(rest);
        int port;
        try {
            port = Integer.parseInt(hostPort[1]);
            if (port < 0 || port > 65535) {
                throw new NumberFormatException();
            }
        } catch (NumberFormatException e) {
            throw new TransportException("address resolution failed for " + hostPort[0] + ":" + hostPort[1]
                    + ": Servname not supported for ai_socktype");
        }
        return new Endpoint(scheme, rest, hostPort[0], port);
    }

    public Scheme scheme() {
        return scheme;
    }

    /**
     * Connects (source side). {@code connecting} gets the channel before the connect starts,
     * so that a cancel can close it.
     */
    public Connection connect(java.util.function.Consumer<java.io.Closeable> connecting) throws TransportException {
        switch (scheme) {
            case TCP:
                try {
                    SocketChannel ch = SocketChannel.open();
                    connecting.accept(ch);
                    try {
                        ch.connect(new InetSocketAddress(resolve(), port));
                    } catch (IOException e) {
                        ch.close();
                        throw e;
                    }
                    return new SocketConnection(ch);
                } catch (TransportException e) {
                    throw e;
                } catch (IOException e) {
                    throw new TransportException("Failed to connect socket: " + reason(e), e);
                }
            case UNIX:
                try {
                    SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX);
                    connecting.accept(ch);
                    try {
                        ch.connect(UnixDomainSocketAddress.of(rest));
                    } catch (IOException e) {
                        ch.close();
                        throw e;
                    }
                    return new SocketConnection(ch);
                } catch (IOException e) {
                    throw new TransportException("Failed to connect socket: " + reason(e), e);
                }
            default:
                return ExecConnection.start(rest, true);
        }
    }

    /** Starts listening (destination side): binds now, so that a bad address fails the command. */
    public Listener listen() throws TransportException {
        switch (scheme) {
            case TCP:
                return Listener.tcp(new InetSocketAddress(resolve(), port));
            case UNIX:
                return Listener.unix(rest);
            default:
                return Listener.exec(rest);
        }
    }

    private InetAddress resolve() throws TransportException {
        try {
            return host.isEmpty() ? InetAddress.getByName("0.0.0.0") : InetAddress.getByName(host);
        } catch (UnknownHostException e) {
            throw new TransportException("address resolution failed for " + host + ":" + port + ": Name or service not known");
        }
    }

    /** An I/O exception's message as {@code strerror} would say it. */
    static String reason(IOException e) {
        String m = e.getMessage();
        if (m == null) {
            return e.getClass().getSimpleName();
        }
        int paren = m.indexOf(" (");
        return paren > 0 ? m.substring(0, paren) : m;
    }

    @Override
    public String toString() {
        return scheme.name().toLowerCase() + ":" + rest;
    }
}
