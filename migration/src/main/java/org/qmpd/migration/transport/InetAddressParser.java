package org.qmpd.migration.transport;

/**
 * The host and port of a {@code tcp:} URI, as 2.4's {@code inet_parse} reads them
 * ({@code HOST:PORT}, {@code :PORT}, {@code [IPV6]:PORT}, each optionally followed by
 * {@code ,option...}), with its error messages.
 */
final class InetAddressParser {
    private InetAddressParser() {
    }

    /** {host, port}; the host is empty for {@code :PORT}. */
    static String[] parse(String str) throws TransportException {
        String host;
        String rest;
        if (str.startsWith(":")) {
            host = "";
            rest = str.substring(1);
            String port = until(rest, ',');
            if (port.isEmpty()) {
                throw new TransportException("error parsing port in address '" + str + "'");
            }
            return new String[] {host, port};
        }
        if (str.startsWith("[")) {
            int close = str.indexOf(']');
            if (close <= 1 || close + 1 >= str.length() || str.charAt(close + 1) != ':'
                    || until(str.substring(close + 2), ',').isEmpty()) {
                throw new TransportException("error parsing IPv6 address '" + str + "'");
            }
            return new String[] {str.substring(1, close), until(str.substring(close + 2), ',')};
        }
        int colon = str.indexOf(':');
        if (colon <= 0 || until(str.substring(colon + 1), ',').isEmpty()) {
            throw new TransportException("error parsing address '" + str + "'");
        }
        return new String[] {str.substring(0, colon), until(str.substring(colon + 1), ',')};
    }

    private static String until(String s, char stop) {
        int i = s.indexOf(stop);
        return i < 0 ? s : s.substring(0, i);
    }
}
