package org.qmpd.rocker.net;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;

/**
 * The machine's network backends by id, as QEMU's list of netdevs: {@link #add} creates one
 * from its options ({@code -netdev} and {@code netdev_add} give them as strings) with 2.4's
 * checks and words, {@link #remove} closes it. Only {@code type=socket} is provided.
 */
@Component(service = Netdevs.class)
public final class Netdevs {
    /** 2.4's {@code NetClientOptionsKind}: the names {@code type} may take. */
    private static final Set<String> KINDS = Set.of("none", "nic", "user", "tap", "l2tpv3", "socket", "vde", "dump",
            "bridge", "hubport", "netmap", "vhost-user");
    private static final Set<String> SOCKET_OPTIONS =
            Set.of("id", "type", "fd", "listen", "connect", "mcast", "localaddr", "udp");

    private final Map<String, NetBackend> backends = new LinkedHashMap<>();

    /** Creates and starts a backend; nothing is left behind if it fails. */
    public synchronized NetBackend add(Map<String, String> opts) throws NetdevException {
        String id = opts.get("id");
        if (id != null) {
            if (!wellFormed(id)) {
                throw new NetdevException("Parameter 'id' expects an identifier");
            }
            if (backends.containsKey(id)) {
                throw new NetdevException("Duplicate ID '" + id + "' for netdev");
            }
        } else {
            throw new NetdevException("Parameter 'id' is missing");
        }
        String type = opts.get("type");
        if (type == null) {
            throw new NetdevException("Parameter 'type' is missing");
        }
        if (!KINDS.contains(type)) {
            throw new NetdevException("Invalid parameter '" + type + "'");
        }
        if (!type.equals("socket")) {
            throw new NetdevException("Parameter 'type' expects a netdev backend type");
        }
        for (String key : opts.keySet()) {
            if (!SOCKET_OPTIONS.contains(key)) {
                throw new NetdevException("Invalid parameter '" + key + "'");
            }
        }
        NetBackend backend = SocketNetdev.open(id, opts);
        backends.put(id, backend);
        return backend;
    }

    public synchronized NetBackend find(String id) {
        return backends.get(id);
    }

    /** Closes and forgets a backend; its peer loses its link. False if there is none. */
    public boolean remove(String id) {
        NetBackend b;
        synchronized (this) {
            b = backends.remove(id);
        }
        if (b == null) {
            return false;
        }
        FrameReceiver peer = b.peer();
        if (peer != null) {
            peer.detached(b);
        }
        b.close();
        return true;
    }

    public synchronized List<NetBackend> all() {
        return new ArrayList<>(backends.values());
    }

    /** QEMU's {@code id_wellformed}: a letter, then letters, digits, '-', '.', '_'. */
    static boolean wellFormed(String id) {
        if (id.isEmpty() || !isAsciiLetter(id.charAt(0))) {
            return false;
        }
        for (int i = 1; i < id.length(); i++) {
            char c = id.charAt(i);
            if (!isAsciiLetter(c) && !(c >= '0' && c <= '9') && "-._".indexOf(c) < 0) {
                return false;
            }
        }
        return true;
    }

    private static boolean isAsciiLetter(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z';
    }

    @Deactivate
    void deactivate() {
        for (NetBackend b : all()) {
            remove(b.id());
        }
    }
}
