package org.qmpd.rocker.qmp;

import java.util.ArrayList;
import java.util.List;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.qmpd.core.api.Arguments;
import org.qmpd.core.api.CommandHandler;
import org.qmpd.core.api.QmpCommand;
import org.qmpd.core.api.QmpException;
import org.qmpd.core.api.Session;
import org.qmpd.rocker.device.CpuQueue;
import org.qmpd.rocker.device.Rocker;
import org.qmpd.rocker.device.Rockers;
import org.qmpd.rocker.ofdpa.Bytes;

/**
 * {@code x-rocker-cpu-rx}: takes the frames switch {@code name} delivered to its CPU port
 * (through an L2 interface group whose out-pport is 0, with or without copy-to-CPU), oldest
 * first, as the driver would take them from its receive ring. The switch keeps at most
 * {@value CpuQueue#CAPACITY} frames; later ones are dropped until they are taken.
 */
@Component(service = CommandHandler.class)
@QmpCommand(name = "x-rocker-cpu-rx", args = "name:s")
public final class RockerCpuRx implements CommandHandler {
    @Reference
    private Rockers rockers;

    @Override
    public Object execute(Arguments args, Session session) throws QmpException {
        Rocker r = Switches.find(rockers, args.string("name"));
        List<CpuFrameInfo> frames = new ArrayList<>();
        for (CpuQueue.Frame f : r.cpu().drain()) {
            frames.add(new CpuFrameInfo(f.inPport(), f.fwdOffload(), Bytes.hex(f.data(), 0, f.data().length)));
        }
        return frames;
    }
}
