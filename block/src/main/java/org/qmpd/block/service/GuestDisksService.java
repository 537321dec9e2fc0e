package org.qmpd.block.service;

import java.io.IOException;
import java.nio.ByteBuffer;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.qmpd.block.api.GuestDisks;
import org.qmpd.block.graph.BlockBackend;
import org.qmpd.block.graph.BlockIOException;
import org.qmpd.core.api.ErrorClass;
import org.qmpd.core.api.QmpException;

/**
 * {@link GuestDisks} over the block backends: the guest workload's I/O is the device's, so it
 * is accounted, marks dirty bitmaps and checks write thresholds like NBD and qemu-io I/O.
 */
@Component(service = GuestDisks.class)
public final class GuestDisksService implements GuestDisks {
    private final BlockLayer block;

    @Activate
    public GuestDisksService(@Reference BlockLayer block) {
        this.block = block;
    }

    private BlockBackend backend(String device) throws QmpException {
        BlockBackend b = block.graph().backend(device);
        if (b == null) {
            throw new QmpException(ErrorClass.DeviceNotFound, "Device '" + device + "' not found");
        }
        return b;
    }

    private static QmpException failed(String op, IOException e) {
        return QmpException.generic(op + " failed: " + BlockIOException.strerror(BlockIOException.errnoOf(e)));
    }

    @Override
    public long size(String device) throws QmpException {
        try {
            return backend(device).size();
        } catch (IOException e) {
            throw QmpException.generic("Device '" + device + "' has no medium");
        }
    }

    @Override
    public void read(String device, long offset, byte[] buf, int off, int len) throws QmpException {
        try {
            backend(device).read(offset, ByteBuffer.wrap(buf, off, len));
        } catch (IOException e) {
            throw failed("read", e);
        }
    }

    @Override
    public void write(String device, long offset, byte[] buf, int off, int len) throws QmpException {
        try {
            backend(device).write(offset, ByteBuffer.wrap(buf, off, len));
        } catch (IOException e) {
            throw failed("write", e);
        }
    }

    @Override
    public void flush(String device) throws QmpException {
        try {
            backend(device).flush();
        } catch (IOException e) {
            throw failed("flush", e);
        }
    }
}
