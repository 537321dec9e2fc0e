package org.qmpd.rocker.ofdpa;

/**
 * The OF-DPA flow tables, numbered as {@code rocker_hw.h} numbers them, and the goto rules
 * between them that QEMU's {@code of_dpa_cmd_add_*} enforce.
 */
public final class Tables {
    public static final int INGRESS_PORT = 0;
    public static final int VLAN = 10;
    public static final int TERMINATION_MAC = 20;
    public static final int UNICAST_ROUTING = 30;
    public static final int MULTICAST_ROUTING = 40;
    public static final int BRIDGING = 50;
    public static final int ACL_POLICY = 60;

    /** Every table id, in pipeline order. */
    public static final int[] IDS =
        {INGRESS_PORT, VLAN, TERMINATION_MAC, UNICAST_ROUTING, MULTICAST_ROUTING, BRIDGING, ACL_POLICY};

    private Tables() {
    }

    /** The slot of {@code tblId} in {@link #IDS}, or -1 if it names no table. */
    public static int slot(long tblId) {
        return tblId < 0 || tblId > ACL_POLICY || tblId % 10 != 0 ? -1 : (int) (tblId / 10);
    }

    /** A table's name as the OF-DPA specification calls it. */
    public static String name(int tblId) {
        switch (tblId) {
            case INGRESS_PORT: return "ingress port";
            case VLAN: return "VLAN";
            case TERMINATION_MAC: return "termination MAC";
            case UNICAST_ROUTING: return "unicast routing";
            case MULTICAST_ROUTING: return "multicast routing";
            case BRIDGING: return "bridging";
            case ACL_POLICY: return "ACL policy";
            default: return "unknown";
        }
    }
}
