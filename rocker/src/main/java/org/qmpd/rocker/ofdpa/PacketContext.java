package org.qmpd.rocker.ofdpa;

/**
 * One frame on its way through a world, and the scratch space for it (QEMU's
 * {@code OfDpaFlowContext}): the frame with room for a pushed VLAN tag, its parsed header
 * fields in {@link FlowKey} layout, the action set the tables write, and a buffer for the
 * rewritten copies the groups send. Each data-path thread owns one and reuses it, so
 * forwarding allocates nothing.
 */
public final class PacketContext {
    /** The largest frame accepted, as QEMU's {@code NET_BUFSIZE}. */
    public static final int MAX_FRAME = 4096 + 65536;
    static final int HEADROOM = 4;
    static final int ETH_P_VLAN = 0x8100;
    static final int ETH_P_IP = 0x0800;
    static final int ETH_P_IPV6 = 0x86dd;

    final byte[] buf = new byte[HEADROOM + MAX_FRAME];
    private final byte[] saved = new byte[16];
    private final byte[] savedIp = new byte[6];
    private int editedTtl;
    int outLen;
    int start;
    int len;
    int inPport;
    boolean tagged;
    /** Offset from {@link #start} of the L3 header, or -1 if the frame is neither IPv4 nor IPv6. */
    int l3;
    int ipVersion;
    final long[] fields = new long[FlowKey.WORDS];
    final long[] learnFields = new long[FlowKey.WORDS];

    int groupId;
    int copyToCpu;
    int cpuVlan;
    long tunnelLport;

    /** Where the last lookup found its flow. */
    Subtable hitSub;
    int hitSlot;

    /** Where prefetching loads go, so that they are not optimized away. */
    long sink;

    boolean learnPending;
    long learnMac;
    int learnVlan;

    /**
     * Loads a frame that arrived on {@code pport} and parses its headers as
     * {@code of_dpa_flow_pkt_parse}; false (the frame is dropped) if it is shorter than an
     * Ethernet header, or than the VLAN tag it announces, or longer than {@link #MAX_FRAME}.
     */
    public boolean load(int pport, byte[] frame, int off, int length) {
        if (length < 14 || length > MAX_FRAME) {
            return false;
        }
        System.arraycopy(frame, off, buf, HEADROOM, length);
        start = HEADROOM;
        len = length;
        inPport = pport;
        groupId = 0;
        copyToCpu = 0;
        cpuVlan = 0;
        tunnelLport = 0;
        learnPending = false;
        return parse();
    }

    private boolean parse() {
        int s = start;
        int type = Bytes.u16(buf, s + 12);
        int tci = 0;
        int typeOff = 12;
        tagged = type == ETH_P_VLAN;
        if (tagged) {
            if (len < 18) {
                return false;
            }
            tci = Bytes.u16(buf, s + 14);
            typeOff = 16;
            type = Bytes.u16(buf, s + 16);
        }
        long[] f = fields;
        f[FlowKey.W_PORT] = (long) inPport << 32;
        f[FlowKey.W_DST] = Bytes.mac(buf, s) << 16 | tci;
        f[FlowKey.W_SRC] = Bytes.mac(buf, s + 6) << 16 | type;
        for (int i = FlowKey.W_IP; i < FlowKey.WORDS; i++) {
            f[i] = 0;
        }
        l3 = typeOff + 2;
        ipVersion = 0;
        if (type == ETH_P_IP && len >= l3 + 20) {
            int ip = s + l3;
            ipVersion = 4;
            f[FlowKey.W_IP] = (long) (buf[ip + 9] & 0xff) << 40 | (long) (buf[ip + 1] & 0xff) << 32 | Bytes.u32(buf, ip + 16);
            f[FlowKey.W_IP4_SRC] = Bytes.u32(buf, ip + 12);
        } else if (type == ETH_P_IPV6 && len >= l3 + 40) {
            int ip = s + l3;
            ipVersion = 6;
            // QEMU keys an IPv6 frame's traffic class as 0 ("XXX what goes here?")
            f[FlowKey.W_IP] = (long) (buf[ip + 6] & 0xff) << 40;
            f[FlowKey.W_IP6_SRC] = Bytes.long64(buf, ip + 8);
            f[FlowKey.W_IP6_SRC + 1] = Bytes.long64(buf, ip + 16);
            f[FlowKey.W_IP6_DST] = Bytes.long64(buf, ip + 24);
            f[FlowKey.W_IP6_DST + 1] = Bytes.long64(buf, ip + 32);
        } else {
            l3 = -1;
        }
        return true;
    }

    /** The frame's VLAN tag control field, 0 if untagged. */
    int vlanId() {
        return (int) (fields[FlowKey.W_DST] & 0xffff);
    }

    long ethSrc() {
        return fields[FlowKey.W_SRC] >>> 16;
    }

    /** Pushes a VLAN tag on an untagged frame ({@code of_dpa_flow_pkt_insert_vlan}). */
    void insertVlan(int tci) {
        if (tagged) {
            return;
        }
        System.arraycopy(buf, start, buf, start - 4, 12);
        start -= 4;
        len += 4;
        Bytes.putU16(buf, start + 12, ETH_P_VLAN);
        Bytes.putU16(buf, start + 14, tci);
        tagged = true;
        if (l3 >= 0) {
            l3 += 4;
        }
        fields[FlowKey.W_DST] = fields[FlowKey.W_DST] & ~0xffffL | tci & 0xffff;
    }

    /**
     * Edits the frame in place into what a group sends: MACs and VLAN rewritten where the
     * values are non-zero, the tag popped (the MACs move up over it), the TTL decremented (the
     * IPv4 header checksum updated). The payload is never copied. Returns the offset of the
     * edited frame in {@link #buf} ({@link #outLen} bytes), or -1 if {@code ttlCheck} finds the
     * TTL expired; {@link #undo} must follow a successful edit before the next one.
     */
    int edit(boolean popVlan, long setSrc, long setDst, int setVlan, boolean decTtl, boolean ttlCheck) {
        int s = start;
        int ip = l3 >= 0 ? s + l3 : -1;
        if (decTtl && ip >= 0) {
            int hops = buf[ip + (ipVersion == 4 ? 8 : 7)] & 0xff;
            if (ttlCheck && hops <= 1) {
                return -1;
            }
        }
        System.arraycopy(buf, s, saved, 0, 16);
        editedTtl = -1;
        int frame = s;
        if (tagged && popVlan) {
            System.arraycopy(buf, s, buf, s + 4, 12);
            frame = s + 4;
        } else if (tagged && setVlan != 0) {
            Bytes.putU16(buf, s + 14, setVlan);
        }
        if (setDst != 0) {
            Bytes.putMac(buf, frame, setDst);
        }
        if (setSrc != 0) {
            Bytes.putMac(buf, frame + 6, setSrc);
        }
        if (decTtl && ip >= 0) {
            editedTtl = ip;
            System.arraycopy(buf, ip + 6, savedIp, 0, 6);
            if (ipVersion == 4) {
                if ((buf[ip + 8] & 0xff) > 0) {
                    decrementIpv4Ttl(buf, ip);
                }
            } else if ((buf[ip + 7] & 0xff) > 0) {
                buf[ip + 7]--;
            }
        }
        outLen = len - (frame - s);
        return frame;
    }

    /** Puts the frame back as it was before {@link #edit}. */
    void undo() {
        System.arraycopy(saved, 0, buf, start, 16);
        if (editedTtl >= 0) {
            System.arraycopy(savedIp, 0, buf, editedTtl + 6, 6);
        }
    }

    /** TTL minus one, and the header checksum updated incrementally (RFC 1624, eqn. 3). */
    static void decrementIpv4Ttl(byte[] b, int ip) {
        int oldWord = Bytes.u16(b, ip + 8);
        b[ip + 8]--;
        int newWord = Bytes.u16(b, ip + 8);
        int sum = (~Bytes.u16(b, ip + 10) & 0xffff) + (~oldWord & 0xffff) + newWord;
        sum = (sum & 0xffff) + (sum >>> 16);
        sum = (sum & 0xffff) + (sum >>> 16);
        Bytes.putU16(b, ip + 10, ~sum & 0xffff);
    }
}
