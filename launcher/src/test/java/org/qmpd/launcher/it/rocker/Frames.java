package org.qmpd.launcher.it.rocker;

import java.nio.ByteBuffer;

/** Real Ethernet frames for the tests: untagged or 802.1Q-tagged, IPv4 with a valid header checksum. */
final class Frames {
    private Frames() {
    }

    static byte[] ethernet(long dst, long src, int vlan, int type, byte[] payload) {
        ByteBuffer b = ByteBuffer.allocate(14 + (vlan != 0 ? 4 : 0) + payload.length);
        b.put(mac(dst)).put(mac(src));
        if (vlan != 0) {
            b.putShort((short) 0x8100).putShort((short) vlan);
        }
        b.putShort((short) type).put(payload);
        return b.array();
    }

    static byte[] mac(long mac) {
        byte[] m = new byte[6];
        for (int i = 5; i >= 0; i--) {
            m[i] = (byte) mac;
            mac >>>= 8;
        }
        return m;
    }

    static String macString(long mac) {
        return String.format("%02x:%02x:%02x:%02x:%02x:%02x", mac >>> 40 & 0xff, mac >>> 32 & 0xff, mac >>> 24 & 0xff,
                mac >>> 16 & 0xff, mac >>> 8 & 0xff, mac & 0xff);
    }

    /** An IPv4 packet with {@code payloadLength} bytes of payload after the header. */
    static byte[] ipv4(long src, long dst, int ttl, int proto, int payloadLength) {
        ByteBuffer b = ByteBuffer.allocate(20 + payloadLength);
        b.put((byte) 0x45).put((byte) 0).putShort((short) (20 + payloadLength)).putShort((short) 0x4321)
                .putShort((short) 0).put((byte) ttl).put((byte) proto).putShort((short) 0)
                .putInt((int) src).putInt((int) dst);
        for (int i = 0; i < payloadLength; i++) {
            b.put((byte) (i * 7));
        }
        byte[] p = b.array();
        int sum = checksum(p, 0, 20);
        p[10] = (byte) (sum >>> 8);
        p[11] = (byte) sum;
        return p;
    }

    static int checksum(byte[] b, int off, int len) {
        int sum = 0;
        for (int i = 0; i < len; i += 2) {
            sum += (b[off + i] & 0xff) << 8 | b[off + i + 1] & 0xff;
        }
        while ((sum >>> 16) != 0) {
            sum = (sum & 0xffff) + (sum >>> 16);
        }
        return ~sum & 0xffff;
    }

    static long ip(int a, int b, int c, int d) {
        return (long) a << 24 | b << 16 | c << 8 | d;
    }

    static String hex(byte[] b) {
        StringBuilder s = new StringBuilder();
        for (byte x : b) {
            s.append(String.format("%02x", x));
        }
        return s.toString();
    }
}
