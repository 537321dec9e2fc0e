package org.qmpd.block.api;

import org.qmpd.core.api.QmpException;

/**
 * Guest-like I/O on a block backend by device name, as a guest's disk controller does it: the
 * I/O is accounted to the device, sets dirty bitmaps and checks write thresholds exactly as
 * NBD and {@code qemu-io} I/O does. Registered as a service by the block bundle. Safe to call
 * from any thread; it never takes the machine lock.
 */
public interface GuestDisks {
    /** The device's size in bytes; {@code Device '<name>' not found} (DeviceNotFound) if unknown. */
    long size(String device) throws QmpException;

    void read(String device, long offset, byte[] buf, int off, int len) throws QmpException;

    void write(String device, long offset, byte[] buf, int off, int len) throws QmpException;

    void flush(String device) throws QmpException;
}
