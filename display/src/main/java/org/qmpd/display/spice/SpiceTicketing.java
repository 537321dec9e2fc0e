package org.qmpd.display.spice;

/**
 * Who may link to the SPICE server, modelled on the two layers QEMU 2.4 stacks: QEMU's
 * {@code spice-core.c} keeps {@code auth}, {@code auth_passwd} and {@code auth_expires} and
 * pushes a ticket down with {@code spice_server_set_ticket}; spice-server keeps that ticket
 * (password and expiry) and whether ticketing is on. Both layers' quirks are kept:
 * <ul>
 * <li>{@code -spice password=P} sets the server's ticket directly and leaves
 * {@code auth_passwd} empty, so a later {@code expire_password} (which re-pushes
 * {@code auth_passwd}) clears the password given on the command line;</li>
 * <li>{@code set_password} fails unless {@code auth} is {@code spice} (not with
 * {@code disable-ticketing}), but {@code expire_password} always pushes a ticket, which turns
 * ticketing on even after {@code disable-ticketing};</li>
 * <li>a password longer than 60 characters is refused after the expiry is already set;</li>
 * <li>an expiry in the past pushes no password at all, and a later {@code set_password}
 * does not revive it until the expiry moves.</li>
 * </ul>
 * Times are seconds since the epoch; {@link Long#MAX_VALUE} is "never" ({@code TIME_MAX}).
 */
public final class SpiceTicketing {
    static final int MAX_PASSWORD_LENGTH = 60;
    private static final long INT_MAX = Integer.MAX_VALUE;

    /** What set_ticket needs to know of the connected clients. */
    public interface Clients {
        boolean connected();

        void disconnectAll();
    }

    private final Clients clients;
    private String auth = "spice";
    private String authPasswd;
    private long authExpires = Long.MAX_VALUE;
    private boolean ticketingEnabled = true;
    private String ticketPassword = "";
    private long ticketExpiration;

    public SpiceTicketing(Clients clients) {
        this.clients = clients;
    }

    /** {@code -spice password=P}: {@code spice_server_set_ticket(P, 0, 0, 0)}. */
    public synchronized void initialPassword(String password) {
        serverSetTicket(password, 0, false, false, nowSeconds());
    }

    /** {@code -spice disable-ticketing}: {@code auth = "none"} and {@code spice_server_set_noauth}. */
    public synchronized void disableTicketing() {
        auth = "none";
        ticketingEnabled = false;
    }

    /** QEMU's {@code auth}: {@code spice} or {@code none}. */
    public synchronized String auth() {
        return auth;
    }

    /** {@code qemu_spice_set_passwd}: 0, or -1 for "Could not set password". */
    public synchronized int setPassword(String password, boolean failIfConnected, boolean disconnectIfConnected) {
        if (!auth.equals("spice")) {
            return -1;
        }
        authPasswd = password;
        return pushTicket(failIfConnected, disconnectIfConnected, nowSeconds());
    }

    /** {@code qemu_spice_set_pw_expire}: 0, or -1 for "Could not set password expire time". */
    public synchronized int setExpiry(long expires) {
        authExpires = expires;
        return pushTicket(false, false, nowSeconds());
    }

    /** Whether a client that sent {@code password} may link now ({@code reds_handle_ticket}). */
    public synchronized boolean admits(String password) {
        if (!ticketingEnabled) {
            return true;
        }
        if (ticketPassword.isEmpty()) {
            return false; // "Ticketing is enabled, but no password is set"
        }
        if (ticketExpiration < nowSeconds()) {
            return false; // "Ticket has expired"
        }
        return ticketPassword.equals(password);
    }

    /** The state a migration carries: QEMU's and the server's. */
    public synchronized Snapshot snapshot() {
        return new Snapshot(authPasswd, authExpires, ticketingEnabled, ticketPassword, ticketExpiration);
    }

    public synchronized void restore(Snapshot s) {
        authPasswd = s.authPasswd();
        authExpires = s.authExpires();
        ticketingEnabled = s.ticketingEnabled();
        ticketPassword = s.ticketPassword();
        ticketExpiration = s.ticketExpiration();
    }

    /** Ticketing state, as saved for a migration. */
    public record Snapshot(String authPasswd, long authExpires, boolean ticketingEnabled,
                           String ticketPassword, long ticketExpiration) {
    }

    private int pushTicket(boolean fail, boolean disconnect, long now) {
        String passwd;
        long lifetime;
        if (now < authExpires) {
            passwd = authPasswd;
            lifetime = Math.min(authExpires - now, INT_MAX);
        } else {
            passwd = null;
            lifetime = 1;
        }
        return serverSetTicket(passwd, lifetime, fail, disconnect, now);
    }

    private int serverSetTicket(String passwd, long lifetime, boolean fail, boolean disconnect, long now) {
        if (clients.connected()) {
            if (fail) {
                return -1;
            }
            if (disconnect) {
                clients.disconnectAll();
            }
        }
        if (!ticketingEnabled && clients.connected()) {
            clients.disconnectAll(); // on_activating_ticketing
        }
        ticketingEnabled = true;
        ticketExpiration = lifetime == 0 ? Long.MAX_VALUE : now + lifetime;
        if (passwd != null) {
            if (passwd.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > MAX_PASSWORD_LENGTH) {
                return -1;
            }
            ticketPassword = passwd;
        } else {
            ticketPassword = "";
            ticketExpiration = 0;
        }
        return 0;
    }

    static long nowSeconds() {
        return System.currentTimeMillis() / 1000;
    }
}
