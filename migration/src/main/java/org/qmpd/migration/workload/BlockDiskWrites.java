package org.qmpd.migration.workload;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.qmpd.block.api.GuestDisks;
import org.qmpd.core.api.QmpException;

/** {@link DiskWrites} through the block bundle's {@link GuestDisks}: active only while that service is. */
@Component(service = DiskWrites.class)
public final class BlockDiskWrites implements DiskWrites {
    @Reference
    private GuestDisks disks;

    @Override
    public long size(String device) throws QmpException {
        return disks.size(device);
    }

    @Override
    public void write(String device, long offset, byte[] data) throws QmpException {
        disks.write(device, offset, data, 0, data.length);
    }
}
