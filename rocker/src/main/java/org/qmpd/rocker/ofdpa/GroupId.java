package org.qmpd.rocker.ofdpa;

/**
 * The layout of an OF-DPA group id, as {@code rocker_hw.h} encodes it: the type in bits
 * 31..28, then per type a VLAN (bits 27..16, 12 bits) and a port or short index (bits 15..0),
 * or a long index (bits 27..0); overlay groups carry a tunnel id (bits 27..12), a subtype
 * (bits 11..10) and an index. Ids are unsigned 32-bit values held in an {@code int}.
 */
public final class GroupId {
    public static final int L2_INTERFACE = 0;
    public static final int L2_REWRITE = 1;
    public static final int L3_UNICAST = 2;
    public static final int L2_MULTICAST = 3;
    public static final int L2_FLOOD = 4;
    public static final int L3_INTERFACE = 5;
    public static final int L3_MULTICAST = 6;
    public static final int L3_ECMP = 7;
    public static final int L2_OVERLAY = 8;

    private GroupId() {
    }

    public static int type(int id) {
        return id >>> 28;
    }

    public static int vlan(int id) {
        return (id & 0x0fff0000) >>> 16;
    }

    public static int pport(int id) {
        return id & 0xffff;
    }

    public static int index(int id) {
        return id & 0xffff;
    }

    public static int indexLong(int id) {
        return id & 0x0fffffff;
    }

    public static int tunnelId(int id) {
        return (id & 0x0ffff000) >>> 12;
    }

    public static int subtype(int id) {
        return (id & 0x00000c00) >>> 10;
    }

    private static int typeBits(int type) {
        return type << 28;
    }

    public static int l2Interface(int vlan, int pport) {
        return typeBits(L2_INTERFACE) | (vlan << 16) & 0x0fff0000 | pport & 0xffff;
    }

    public static int l2Rewrite(int index) {
        return typeBits(L2_REWRITE) | index & 0x0fffffff;
    }

    public static int l3Unicast(int index) {
        return typeBits(L3_UNICAST) | index & 0x0fffffff;
    }

    public static int l2Multicast(int vlan, int index) {
        return typeBits(L2_MULTICAST) | (vlan << 16) & 0x0fff0000 | index & 0xffff;
    }

    public static int l2Flood(int vlan, int index) {
        return typeBits(L2_FLOOD) | (vlan << 16) & 0x0fff0000 | index & 0xffff;
    }

    /** A type's name as {@code info rocker-of-dpa-groups} prints it. */
    public static String typeName(int type) {
        switch (type) {
            case L2_INTERFACE: return "L2 interface";
            case L2_REWRITE: return "L2 rewrite";
            case L3_UNICAST: return "L3 unicast";
            case L2_MULTICAST: return "L2 multicast";
            case L2_FLOOD: return "L2 flood";
            case L3_INTERFACE: return "L3 interface";
            case L3_MULTICAST: return "L3 multicast";
            case L3_ECMP: return "L3 ECMP";
            case L2_OVERLAY: return "L2 overlay";
            default: return "unknown";
        }
    }

    /** {@code 0x0f010002}, as QEMU prints ids. */
    public static String hex(int id) {
        return String.format("0x%08x", id);
    }
}
