package org.qmpd.rocker.ofdpa;

/**
 * What a flow does when it is the best match in its table, as QEMU's {@code OfDpaFlowAction}:
 * the table to go to next (0: none), the group written to the action set (0: none), the VLAN
 * the VLAN table pushes on untagged frames, and two OF-DPA instructions QEMU's world leaves
 * out of its action: {@code copyToCpu} (QEMU has it, set by the driver's TLV) and
 * {@code clearActions} (the OF-DPA Clear-Actions instruction of an ACL flow: the action set is
 * emptied, so the frame is dropped unless the flow writes a group itself).
 * {@code tunnelLport} is the logical port of a tunnel bridging flow; {@code writeVlanId} the
 * VLAN a multicast routing flow writes.
 */
public record FlowAction(int gotoTbl, int groupId, int newVlanId, int copyToCpu, int clearActions,
                         long tunnelLport, int writeVlanId) {
    public static final FlowAction NONE = new FlowAction(0, 0, 0, 0, 0, 0, 0);
}
