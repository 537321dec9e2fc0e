package org.qmpd.rocker.net;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.Map;

/**
 * {@code -netdev socket}: checks the options as QEMU 2.4's {@code net_init_socket} does and
 * opens the backend. As in 2.4, the reason for a failure is printed on standard error (its
 * {@code error_report} and {@code perror}) and the command fails with
 * {@code Device 'socket' could not be initialized}. {@code fd=} (a descriptor passed with
 * {@code getfd}) and {@code mcast=} are not provided.
 */
final class SocketNetdev {
    static final String INIT_FAILED = "Device 'socket' could not be initialized";

    private SocketNetdev() {
    }

    static NetBackend open(String id, Map<String, String> opts) throws NetdevException {
        int modes = 0;
        for (String m : new String[] {"fd", "listen", "connect", "mcast", "udp"}) {
            if (opts.containsKey(m)) {
                modes++;
            }
        }
        if (modes != 1) {
            throw fail("exactly one of fd=, listen=, connect=, mcast= or udp= is required");
        }
        if (opts.containsKey("localaddr") && !opts.containsKey("mcast") && !opts.containsKey("udp")) {
            throw fail("localaddr= is only valid with mcast= or udp=");
        }
        if (opts.containsKey("fd")) {
            throw fail("fd=: passing descriptors is not supported");
        }
        if (opts.containsKey("mcast")) {
            throw fail("mcast=: multicast sockets are not supported");
        }
        try {
            if (opts.containsKey("listen")) {
                return StreamBackend.listen(id, hostPort(opts.get("listen")));
            }
            if (opts.containsKey("connect")) {
                return StreamBackend.connect(id, hostPort(opts.get("connect")));
            }
            if (!opts.containsKey("localaddr")) {
                throw fail("localaddr= is mandatory with udp=");
            }
            InetSocketAddress local = hostPort(opts.get("localaddr"));
            return new UdpBackend(id, local, hostPort(opts.get("udp")));
        } catch (IOException e) {
            String what = opts.containsKey("connect") ? "connect" : "bind";
            throw fail(what + ": " + e.getMessage());
        }
    }

    private static NetdevException fail(String detail) {
        System.err.println("qmpd: " + detail);
        return new NetdevException(INIT_FAILED);
    }

    /**
     * {@code HOST:PORT} as QEMU's {@code parse_host_port}: an empty host is any address, a host
     * starting with a digit is a dotted IPv4 address, another is a name to look up (IPv4); the
     * port is a C number (decimal, {@code 0x} hex, {@code 0} octal).
     */
    static InetSocketAddress hostPort(String text) throws NetdevException {
        int colon = text.indexOf(':');
        if (colon < 0) {
            throw fail("'" + text + "' is not HOST:PORT");
        }
        String host = text.substring(0, colon);
        String portText = text.substring(colon + 1).strip();
        int port;
        try {
            port = Integer.decode(portText.isEmpty() ? "x" : portText);
        } catch (NumberFormatException e) {
            throw fail("'" + text + "': bad port");
        }
        if (port < 0 || port > 65535) {
            throw fail("'" + text + "': bad port");
        }
        try {
            InetAddress address;
            if (host.isEmpty()) {
                address = InetAddress.getByAddress(new byte[4]);
            } else {
                address = null;
                for (InetAddress a : InetAddress.getAllByName(host)) {
                    if (a instanceof Inet4Address) {
                        address = a;
                        break;
                    }
                }
                if (address == null) {
                    throw fail("'" + host + "' has no IPv4 address");
                }
            }
            return new InetSocketAddress(address, port);
        } catch (UnknownHostException e) {
            throw fail("'" + host + "': unknown host");
        }
    }
}
