package org.qmpd.migration.workload;

import org.qmpd.core.api.QmpException;

/**
 * Guest disk writes for the workload, kept behind this bundle-private interface so that only
 * {@link BlockDiskWrites} touches the block bundle's API: without the block bundle (or its
 * {@code GuestDisks} service) the workload simply has no disks.
 */
public interface DiskWrites {
    /** The device's size; QEMU's {@code Device '<name>' not found} if there is none. */
    long size(String device) throws QmpException;

    void write(String device, long offset, byte[] data) throws QmpException;
}
