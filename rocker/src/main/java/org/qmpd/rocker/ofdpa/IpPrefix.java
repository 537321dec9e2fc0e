package org.qmpd.rocker.ofdpa;

import java.util.Arrays;

/**
 * An IP address with a prefix length, in the text form {@code query-rocker-of-dpa-flows}
 * prints ({@code 10.0.2.0/24}); IPv6 addresses take the usual colon notation. A missing
 * {@code /len} means the whole address.
 */
public record IpPrefix(byte[] address, int length) {
    public boolean isIpv6() {
        return address.length == 16;
    }

    public boolean isMulticast() {
        return isIpv6() ? (address[0] & 0xff) == 0xff : (address[0] & 0xf0) == 0xe0;
    }

    /** The IPv4 address as an unsigned 32-bit number. */
    public long ipv4() {
        return Bytes.u32(address, 0);
    }

    /** The IPv4 netmask of the prefix, as an unsigned 32-bit number. */
    public long ipv4Mask() {
        return length == 0 ? 0 : 0xffff_ffffL << (32 - length) & 0xffff_ffffL;
    }

    /** The 16-byte IPv6 netmask of the prefix. */
    public byte[] ipv6Mask() {
        byte[] m = new byte[16];
        for (int i = 0; i < length; i++) {
            m[i / 8] |= (byte) (0x80 >>> (i % 8));
        }
        return m;
    }

    /** Parses {@code a.b.c.d[/len]} or an IPv6 address {@code [/len]}; null if malformed. */
    public static IpPrefix parse(String text) {
        int slash = text.indexOf('/');
        String addr = slash < 0 ? text : text.substring(0, slash);
        byte[] bytes = addr.indexOf(':') >= 0 ? parseIpv6(addr) : parseIpv4(addr);
        if (bytes == null) {
            return null;
        }
        int max = bytes.length * 8;
        int len = max;
        if (slash >= 0) {
            String l = text.substring(slash + 1);
            if (l.isEmpty() || l.length() > 3 || !l.chars().allMatch(Character::isDigit)) {
                return null;
            }
            len = Integer.parseInt(l);
            if (len > max) {
                return null;
            }
        }
        return new IpPrefix(bytes, len);
    }

    private static byte[] parseIpv4(String s) {
        String[] parts = s.split("\\.", -1);
        if (parts.length != 4) {
            return null;
        }
        byte[] b = new byte[4];
        for (int i = 0; i < 4; i++) {
            if (parts[i].isEmpty() || parts[i].length() > 3 || !parts[i].chars().allMatch(Character::isDigit)) {
                return null;
            }
            int v = Integer.parseInt(parts[i]);
            if (v > 255) {
                return null;
            }
            b[i] = (byte) v;
        }
        return b;
    }

    private static byte[] parseIpv6(String s) {
        int gap = s.indexOf("::");
        if (gap >= 0 && s.indexOf("::", gap + 1) >= 0) {
            return null;
        }
        String[] head = gap < 0 ? s.split(":", -1) : groups(s.substring(0, gap));
        String[] tail = gap < 0 ? new String[0] : groups(s.substring(gap + 2));
        if (gap < 0 ? head.length != 8 : head.length + tail.length > 7) {
            return null;
        }
        byte[] b = new byte[16];
        for (int i = 0; i < head.length; i++) {
            if (!group(head[i], b, i * 2)) {
                return null;
            }
        }
        for (int i = 0; i < tail.length; i++) {
            if (!group(tail[i], b, 16 - (tail.length - i) * 2)) {
                return null;
            }
        }
        return b;
    }

    private static String[] groups(String s) {
        return s.isEmpty() ? new String[0] : s.split(":", -1);
    }

    private static boolean group(String g, byte[] b, int off) {
        if (g.isEmpty() || g.length() > 4) {
            return false;
        }
        int v = 0;
        for (int i = 0; i < g.length(); i++) {
            int d = Character.digit(g.charAt(i), 16);
            if (d < 0) {
                return false;
            }
            v = v << 4 | d;
        }
        Bytes.putU16(b, off, v);
        return true;
    }

    /** The address alone, as {@code inet_ntoa} (IPv4) or RFC 5952 (IPv6) writes it. */
    public static String format(byte[] a) {
        if (a.length == 4) {
            return (a[0] & 0xff) + "." + (a[1] & 0xff) + "." + (a[2] & 0xff) + "." + (a[3] & 0xff);
        }
        int bestAt = -1;
        int bestLen = 1;
        for (int i = 0; i < 8;) {
            int j = i;
            while (j < 8 && Bytes.u16(a, j * 2) == 0) {
                j++;
            }
            if (j - i > bestLen) {
                bestAt = i;
                bestLen = j - i;
            }
            i = j == i ? i + 1 : j;
        }
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == bestAt) {
                s.append(i == 0 ? "::" : ":");
                i += bestLen - 1;
                continue;
            }
            s.append(Integer.toHexString(Bytes.u16(a, i * 2)));
            if (i < 7) {
                s.append(':');
            }
        }
        return s.toString();
    }

    @Override
    public String toString() {
        return format(address) + "/" + length;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof IpPrefix && ((IpPrefix) o).length == length && Arrays.equals(((IpPrefix) o).address, address);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(address) * 31 + length;
    }
}
