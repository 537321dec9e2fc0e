package org.qmpd.rocker.ofdpa;

/** Big-endian reads and writes on frame bytes, and the text forms QEMU prints. */
public final class Bytes {
    private Bytes() {
    }

    public static int u16(byte[] b, int off) {
        return (b[off] & 0xff) << 8 | b[off + 1] & 0xff;
    }

    public static void putU16(byte[] b, int off, int v) {
        b[off] = (byte) (v >>> 8);
        b[off + 1] = (byte) v;
    }

    public static long u32(byte[] b, int off) {
        return (long) (b[off] & 0xff) << 24 | (b[off + 1] & 0xff) << 16 | (b[off + 2] & 0xff) << 8 | b[off + 3] & 0xff;
    }

    public static long mac(byte[] b, int off) {
        return (long) (b[off] & 0xff) << 40 | (long) (b[off + 1] & 0xff) << 32 | (b[off + 2] & 0xffL) << 24
                | (b[off + 3] & 0xff) << 16 | (b[off + 4] & 0xff) << 8 | b[off + 5] & 0xff;
    }

    public static void putMac(byte[] b, int off, long mac) {
        for (int i = 5; i >= 0; i--) {
            b[off + i] = (byte) mac;
            mac >>>= 8;
        }
    }

    public static long long64(byte[] b, int off) {
        long v = 0;
        for (int i = 0; i < 8; i++) {
            v = v << 8 | b[off + i] & 0xff;
        }
        return v;
    }

    public static void putLong64(byte[] b, int off, long v) {
        for (int i = 7; i >= 0; i--) {
            b[off + i] = (byte) v;
            v >>>= 8;
        }
    }

    /** {@code 52:54:00:12:35:01}, as {@code qemu_mac_strdup_printf}. */
    public static String macString(long mac) {
        StringBuilder s = new StringBuilder(17);
        for (int shift = 40; shift >= 0; shift -= 8) {
            int octet = (int) (mac >>> shift) & 0xff;
            s.append(Character.forDigit(octet >> 4, 16)).append(Character.forDigit(octet & 15, 16));
            if (shift > 0) {
                s.append(':');
            }
        }
        return s.toString();
    }

    /**
     * Parses six hex octets separated by {@code :} or {@code -} (as QEMU's MAC properties
     * accept them); -1 if {@code text} is not a MAC address.
     */
    public static long parseMac(String text) {
        if (text == null || text.length() != 17) {
            return -1;
        }
        long mac = 0;
        for (int i = 0; i < 6; i++) {
            int hi = Character.digit(text.charAt(i * 3), 16);
            int lo = Character.digit(text.charAt(i * 3 + 1), 16);
            if (hi < 0 || lo < 0) {
                return -1;
            }
            if (i < 5) {
                char sep = text.charAt(i * 3 + 2);
                if (sep != ':' && sep != '-') {
                    return -1;
                }
            }
            mac = mac << 8 | hi << 4 | lo;
        }
        return mac;
    }

    /** Lower-case hex of {@code len} bytes. */
    public static String hex(byte[] b, int off, int len) {
        StringBuilder s = new StringBuilder(len * 2);
        for (int i = 0; i < len; i++) {
            s.append(Character.forDigit((b[off + i] >> 4) & 15, 16)).append(Character.forDigit(b[off + i] & 15, 16));
        }
        return s.toString();
    }
}
