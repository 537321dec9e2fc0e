package org.qmpd.display.net;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;

/**
 * One end of a display connection as QEMU reports it from {@code getnameinfo} with
 * {@code NI_NUMERICHOST | NI_NUMERICSERV}: the numeric host, the port as a string and the
 * {@code NetworkAddressFamily} ({@code ipv4}, {@code ipv6}, {@code unix}, {@code unknown}).
 */
public record Endpoint(String host, String service, String family) {

    public static Endpoint of(SocketAddress address) {
        if (address instanceof InetSocketAddress inet) {
            InetAddress a = inet.getAddress();
            String family = a instanceof Inet4Address ? "ipv4" : a instanceof Inet6Address ? "ipv6" : "unknown";
            return new Endpoint(numericHost(a), Integer.toString(inet.getPort()), family);
        }
        return new Endpoint("", "", "unknown");
    }

    /** The address as {@code inet_ntop} writes it: IPv6 with the longest run of zero groups as {@code ::}. */
    public static String numericHost(InetAddress a) {
        if (!(a instanceof Inet6Address v6)) {
            return a.getHostAddress();
        }
        byte[] b = v6.getAddress();
        int[] groups = new int[8];
        for (int i = 0; i < 8; i++) {
            groups[i] = (b[2 * i] & 0xFF) << 8 | (b[2 * i + 1] & 0xFF);
        }
        int bestStart = -1;
        int bestLength = 1;
        for (int i = 0; i < 8;) {
            if (groups[i] != 0) {
                i++;
                continue;
            }
            int j = i;
            while (j < 8 && groups[j] == 0) {
                j++;
            }
            if (j - i > bestLength) {
                bestStart = i;
                bestLength = j - i;
            }
            i = j;
        }
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                s.append("::");
                i += bestLength - 1;
                continue;
            }
            if (s.length() > 0 && s.charAt(s.length() - 1) != ':') {
                s.append(':');
            }
            s.append(Integer.toHexString(groups[i]));
        }
        if (v6.getScopeId() != 0) {
            s.append('%').append(v6.getScopedInterface() != null ? v6.getScopedInterface().getName() : Integer.toString(v6.getScopeId()));
        }
        return s.toString();
    }
}
