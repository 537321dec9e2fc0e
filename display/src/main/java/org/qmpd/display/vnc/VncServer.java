package org.qmpd.display.vnc;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.qmpd.display.console.Keyboard;
import org.qmpd.display.console.TextConsole;
import org.qmpd.display.net.Endpoint;

/**
 * A VNC (RFB) server showing the {@link TextConsole}, as QEMU 2.4's {@code ui/vnc.c} serves
 * it: one listening TCP socket, any number of shared clients, each on its own thread (see
 * {@link VncClient}). Authentication is either none or VNC Authentication; with the latter,
 * a client gets in only while a password is set and has not expired ({@code expires} in
 * seconds since the epoch, compared with the clock when the client answers the challenge,
 * so an expiry set later also locks out whoever connects after it).
 */
public final class VncServer implements AutoCloseable {
    /** RFB security type numbers. */
    public static final int AUTH_NONE = 1;
    public static final int AUTH_VNC = 2;

    /** Told of each client's life, on the client's thread. */
    public interface Listener {
        void connected(VncClient client);

        void initialized(VncClient client);

        void disconnected(VncClient client);
    }

    private final TextConsole console;
    private final Keyboard keyboard;
    private final Listener listener;
    private final int auth;
    private final String name;
    private final List<VncClient> clients = new CopyOnWriteArrayList<>();
    private ServerSocket socket;
    private Thread acceptor;
    private volatile String password;
    private volatile long expires = Long.MAX_VALUE;

    public VncServer(TextConsole console, Keyboard keyboard, Listener listener, int auth, String name) {
        this.console = console;
        this.keyboard = keyboard;
        this.listener = listener;
        this.auth = auth;
        this.name = name;
    }

    /**
     * Binds the first free port of {@code [portMin, portMax]} on {@code host} (null: every
     * address) and starts accepting. A failure reads as QEMU's
     * {@code Failed to bind socket: <strerror>}.
     */
    public void listen(InetAddress host, int portMin, int portMax) throws IOException {
        IOException last = null;
        for (int port = portMin; port <= portMax; port++) {
            ServerSocket s = new ServerSocket();
            s.setReuseAddress(true);
            try {
                s.bind(new InetSocketAddress(host, port), 32);
                socket = s;
                break;
            } catch (IOException e) {
                s.close();
                last = e;
            }
        }
        if (socket == null) {
            throw new IOException("Failed to bind socket: " + strerror(last));
        }
        acceptor = new Thread(this::accept, "qmpd-vnc-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** {@code errno}'s words for a bind failure, as {@code strerror} gives them. */
    static String strerror(IOException e) {
        String m = e == null ? null : e.getMessage();
        if (m == null) {
            return "Unknown error";
        }
        if (m.startsWith("Address already in use")) {
            return "Address already in use";
        }
        if (m.startsWith("Cannot assign requested address")) {
            return "Cannot assign requested address";
        }
        if (m.startsWith("Permission denied")) {
            return "Permission denied";
        }
        return m;
    }

    private void accept() {
        while (!socket.isClosed()) {
            try {
                Socket s = socket.accept();
                s.setTcpNoDelay(true);
                VncClient client = new VncClient(this, s);
                clients.add(client);
                Thread t = new Thread(client, "qmpd-vnc-client");
                t.setDaemon(true);
                t.start();
            } catch (SocketException e) {
                return;
            } catch (IOException e) {
                // one failed accept does not stop the server
            }
        }
    }

    /** The listening address. */
    public Endpoint endpoint() {
        return Endpoint.of(socket.getLocalSocketAddress());
    }

    public int port() {
        return socket.getLocalPort();
    }

    /** {@code vnc_auth_name}: {@code none} or {@code vnc}. */
    public String authName() {
        return auth == AUTH_VNC ? "vnc" : "none";
    }

    public int auth() {
        return auth;
    }

    /** The desktop name sent in ServerInit. */
    public String desktopName() {
        return name;
    }

    public String password() {
        return password;
    }

    public void setPassword(String password) {
        this.password = password;
    }

    public long expires() {
        return expires;
    }

    public void setExpires(long expires) {
        this.expires = expires;
    }

    /** The connected clients, newest last. */
    public List<VncClient> clients() {
        return List.copyOf(clients);
    }

    TextConsole console() {
        return console;
    }

    Keyboard keyboard() {
        return keyboard;
    }

    Listener listener() {
        return listener;
    }

    void removed(VncClient client) {
        clients.remove(client);
    }

    @Override
    public void close() {
        try {
            if (socket != null) {
                socket.close();
            }
        } catch (IOException e) {
            // closing anyway
        }
        for (VncClient c : clients) {
            c.close();
        }
    }
}
