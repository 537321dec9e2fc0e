package org.qmpd.rocker.ofdpa;

import java.nio.ByteBuffer;

/** Builds real Ethernet frames for the tests: untagged or 802.1Q-tagged, IPv4 with a valid header checksum. */
public final class TestFrames {
    private TestFrames() {
    }

    public static byte[] ethernet(long dst, long src, int vlan, int type, byte[] payload) {
        ByteBuffer b = ByteBuffer.allocate(14 + (vlan != 0 ? 4 : 0) + payload.length);
        b.put(mac(dst)).put(mac(src));
        if (vlan != 0) {
            b.putShort((short) 0x8100).putShort((short) vlan);
        }
        b.putShort((short) type).put(payload);
        return b.array();
    }

    public static byte[] mac(long mac) {
        byte[] m = new byte[6];
        Bytes.putMac(m, 0, mac);
        return m;
    }

    /** An IPv4 packet with {@code payloadLength} bytes of UDP-like payload. */
    public static byte[] ipv4(long src, long dst, int ttl, int proto, int tos, int payloadLength) {
        ByteBuffer b = ByteBuffer.allocate(20 + payloadLength);
        b.put((byte) 0x45).put((byte) tos).putShort((short) (20 + payloadLength)).putShort((short) 0x1234)
                .putShort((short) 0).put((byte) ttl).put((byte) proto).putShort((short) 0)
                .putInt((int) src).putInt((int) dst);
        for (int i = 0; i < payloadLength; i++) {
            b.put((byte) i);
        }
        byte[] p = b.array();
        Bytes.putU16(p, 10, checksum(p, 0, 20));
        return p;
    }

    public static int checksum(byte[] b, int off, int len) {
        int sum = 0;
        for (int i = 0; i < len; i += 2) {
            sum += Bytes.u16(b, off + i);
        }
        while ((sum >>> 16) != 0) {
            sum = (sum & 0xffff) + (sum >>> 16);
        }
        return ~sum & 0xffff;
    }

    public static long ip(int a, int b, int c, int d) {
        return (long) a << 24 | b << 16 | c << 8 | d;
    }
}
