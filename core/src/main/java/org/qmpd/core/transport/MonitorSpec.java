package org.qmpd.core.transport;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where a QMP monitor listens or connects, parsed from QEMU's socket chardev syntax:
 * {@code tcp:HOST:PORT[,server=on|off][,wait=on|off]} or {@code unix:PATH[,...]}; the old
 * flags {@code server}, {@code nowait} and {@code nodelay} are accepted too. Without
 * {@code server} the monitor connects out to a listening client, as QEMU's test harness uses.
 * A server waits for its first client before start-up goes on unless {@code wait=off}.
 */
public record MonitorSpec(Kind kind, String host, int port, String path, boolean server, boolean waitForClient,
        boolean pretty) {

    /** The socket family. */
    public enum Kind {
        TCP, UNIX
    }

    /** Parses {@code spec}; errors are worded as QEMU's chardev parser words them. */
    public static MonitorSpec parse(String spec) {
        String[] parts = spec.split(",", -1);
        String address = parts[0];
        Map<String, String> opts = new LinkedHashMap<>();
        for (int i = 1; i < parts.length; i++) {
            String part = parts[i];
            int eq = part.indexOf('=');
            if (eq < 0) {
                switch (part) {
                    case "server": opts.put("server", "on"); break;
                    case "nowait": opts.put("wait", "off"); break;
                    case "wait": opts.put("wait", "on"); break;
                    case "nodelay": opts.put("nodelay", "on"); break;
                    case "pretty": opts.put("pretty", "on"); break;
                    default: throw new IllegalArgumentException("Invalid parameter '" + part + "'");
                }
            } else {
                opts.put(part.substring(0, eq), part.substring(eq + 1));
            }
        }
        boolean server = flag(opts, "server", false);
        boolean wait = flag(opts, "wait", true);
        boolean pretty = flag(opts, "pretty", false);
        flag(opts, "nodelay", false);
        for (String key : opts.keySet()) {
            if (!key.equals("server") && !key.equals("wait") && !key.equals("pretty") && !key.equals("nodelay")) {
                throw new IllegalArgumentException("Invalid parameter '" + key + "'");
            }
        }
        if (address.startsWith("unix:")) {
            String path = address.substring(5);
            if (path.isEmpty()) {
                throw new IllegalArgumentException("chardev: socket: no host given");
            }
            return new MonitorSpec(Kind.UNIX, null, 0, path, server, wait, pretty);
        }
        if (address.startsWith("tcp:")) {
            String hostPort = address.substring(4);
            int colon = hostPort.lastIndexOf(':');
            if (colon < 0) {
                throw new IllegalArgumentException("error parsing address '" + hostPort + "'");
            }
            String host = hostPort.substring(0, colon);
            if (host.startsWith("[") && host.endsWith("]")) {
                host = host.substring(1, host.length() - 1);
            }
            int port;
            try {
                port = Integer.parseInt(hostPort.substring(colon + 1));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("error parsing port in address '" + hostPort + "'");
            }
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("error parsing port in address '" + hostPort + "'");
            }
            return new MonitorSpec(Kind.TCP, host.isEmpty() ? "0.0.0.0" : host, port, null, server, wait, pretty);
        }
        throw new IllegalArgumentException("chardev: backend \"" + address.split(":", 2)[0] + "\" not supported for a QMP monitor (use tcp: or unix:)");
    }

    private static boolean flag(Map<String, String> opts, String key, boolean dflt) {
        String value = opts.get(key);
        if (value == null) {
            return dflt;
        }
        switch (value) {
            case "on": case "yes": case "true": case "":
                return true;
            case "off": case "no": case "false":
                return false;
            default:
                throw new IllegalArgumentException("Parameter '" + key + "' expects 'on' or 'off'");
        }
    }

    /** The address as QEMU prints a chardev's filename, e.g. {@code unix:/tmp/qmp.sock,server}. */
    public String describe(int boundPort) {
        String base = kind == Kind.UNIX ? "unix:" + path
                : "tcp:" + (host.contains(":") ? "[" + host + "]" : host) + ":" + boundPort;
        return server ? base + ",server" : base;
    }
}
