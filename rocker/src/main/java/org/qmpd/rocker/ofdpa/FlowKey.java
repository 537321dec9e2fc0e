package org.qmpd.rocker.ofdpa;

import java.util.Arrays;

/**
 * The fields a flow matches on, packed into {@value #WORDS} 64-bit words so that a key, a
 * mask and a frame's header fields can be compared and hashed word by word (QEMU's
 * {@code OfDpaFlowKey}, which serves as both key and mask). Layout:
 * <ol start="0">
 * <li>{@code in_pport << 32 | tunnel_id}</li>
 * <li>{@code eth_dst << 16 | vlan_id} (the whole 16-bit TCI, as QEMU keeps it)</li>
 * <li>{@code eth_src << 16 | eth_type}</li>
 * <li>{@code ip_proto << 40 | ip_tos << 32 | ipv4_dst}</li>
 * <li>{@code ipv4_src}</li>
 * <li>5, 6: the IPv6 destination; 7, 8: the IPv6 source</li>
 * </ol>
 * MAC addresses are held as 48-bit numbers, first octet most significant.
 */
public final class FlowKey {
    public static final int WORDS = 9;
    static final int W_PORT = 0;
    static final int W_DST = 1;
    static final int W_SRC = 2;
    static final int W_IP = 3;
    static final int W_IP4_SRC = 4;
    static final int W_IP6_DST = 5;
    static final int W_IP6_SRC = 7;

    public static final long MAC_ALL = 0xffff_ffff_ffffL;

    final long[] w;

    public FlowKey() {
        this.w = new long[WORDS];
    }

    private FlowKey(long[] words) {
        this.w = words;
    }

    /** A key with the given words (as {@link #words()} returns them). */
    public static FlowKey of(long[] words) {
        if (words.length != WORDS) {
            throw new IllegalArgumentException("a flow key has " + WORDS + " words");
        }
        return new FlowKey(words.clone());
    }

    public long[] words() {
        return w.clone();
    }

    public FlowKey copy() {
        return new FlowKey(w.clone());
    }

    public long inPport() {
        return w[W_PORT] >>> 32;
    }

    public FlowKey inPport(long v) {
        w[W_PORT] = w[W_PORT] & 0xffff_ffffL | (v & 0xffff_ffffL) << 32;
        return this;
    }

    public long tunnelId() {
        return w[W_PORT] & 0xffff_ffffL;
    }

    public FlowKey tunnelId(long v) {
        w[W_PORT] = w[W_PORT] & 0xffff_ffff_0000_0000L | v & 0xffff_ffffL;
        return this;
    }

    public int vlanId() {
        return (int) (w[W_DST] & 0xffff);
    }

    public FlowKey vlanId(int v) {
        w[W_DST] = w[W_DST] & ~0xffffL | v & 0xffff;
        return this;
    }

    public long ethDst() {
        return w[W_DST] >>> 16;
    }

    public FlowKey ethDst(long mac) {
        w[W_DST] = w[W_DST] & 0xffff | (mac & MAC_ALL) << 16;
        return this;
    }

    public long ethSrc() {
        return w[W_SRC] >>> 16;
    }

    public FlowKey ethSrc(long mac) {
        w[W_SRC] = w[W_SRC] & 0xffff | (mac & MAC_ALL) << 16;
        return this;
    }

    public int ethType() {
        return (int) (w[W_SRC] & 0xffff);
    }

    public FlowKey ethType(int v) {
        w[W_SRC] = w[W_SRC] & ~0xffffL | v & 0xffff;
        return this;
    }

    public int ipProto() {
        return (int) (w[W_IP] >>> 40) & 0xff;
    }

    public FlowKey ipProto(int v) {
        w[W_IP] = w[W_IP] & ~(0xffL << 40) | (long) (v & 0xff) << 40;
        return this;
    }

    public int ipTos() {
        return (int) (w[W_IP] >>> 32) & 0xff;
    }

    public FlowKey ipTos(int v) {
        w[W_IP] = w[W_IP] & ~(0xffL << 32) | (long) (v & 0xff) << 32;
        return this;
    }

    public long ipv4Dst() {
        return w[W_IP] & 0xffff_ffffL;
    }

    public FlowKey ipv4Dst(long v) {
        w[W_IP] = w[W_IP] & 0xffff_ffff_0000_0000L | v & 0xffff_ffffL;
        return this;
    }

    public long ipv4Src() {
        return w[W_IP4_SRC];
    }

    public FlowKey ipv4Src(long v) {
        w[W_IP4_SRC] = v & 0xffff_ffffL;
        return this;
    }

    /** The IPv6 destination, 16 bytes. */
    public byte[] ipv6Dst() {
        return bytes(w[W_IP6_DST], w[W_IP6_DST + 1]);
    }

    public FlowKey ipv6Dst(byte[] addr) {
        w[W_IP6_DST] = Bytes.long64(addr, 0);
        w[W_IP6_DST + 1] = Bytes.long64(addr, 8);
        return this;
    }

    public byte[] ipv6Src() {
        return bytes(w[W_IP6_SRC], w[W_IP6_SRC + 1]);
    }

    public FlowKey ipv6Src(byte[] addr) {
        w[W_IP6_SRC] = Bytes.long64(addr, 0);
        w[W_IP6_SRC + 1] = Bytes.long64(addr, 8);
        return this;
    }

    public boolean ipv6DstIsZero() {
        return w[W_IP6_DST] == 0 && w[W_IP6_DST + 1] == 0;
    }

    private static byte[] bytes(long hi, long lo) {
        byte[] b = new byte[16];
        Bytes.putLong64(b, 0, hi);
        Bytes.putLong64(b, 8, lo);
        return b;
    }

    /** Whether {@code frame} (a frame's fields) matches this key under {@code mask}. */
    boolean matches(FlowKey mask, long[] frame) {
        for (int i = 0; i < WORDS; i++) {
            if (((w[i] ^ frame[i]) & mask.w[i]) != 0) {
                return false;
            }
        }
        return true;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FlowKey && Arrays.equals(w, ((FlowKey) o).w);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(w);
    }
}
