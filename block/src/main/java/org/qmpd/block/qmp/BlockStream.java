package org.qmpd.block.qmp;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.qmpd.block.graph.BlockBackend;
import org.qmpd.block.graph.BlockNode;
import org.qmpd.block.job.BlockJobs;
import org.qmpd.block.job.Chain;
import org.qmpd.block.job.OnError;
import org.qmpd.block.job.StreamJob;
import org.qmpd.block.service.BlockLayer;
import org.qmpd.core.api.Arguments;
import org.qmpd.core.api.CommandHandler;
import org.qmpd.core.api.QmpCommand;
import org.qmpd.core.api.QmpException;
import org.qmpd.core.api.Session;

/**
 * {@code block-stream}, as 2.4's {@code qmp_block_stream} and {@code stream_start}: the
 * device, its medium, a job already on it, the {@code base} image (named by file name, as
 * the chain names it), {@code backing-file} only with a base, then the error policy and the
 * speed. The top image will record {@code backing-file} if given, else {@code base} as the
 * client wrote it.
 */
@Component(service = CommandHandler.class)
@QmpCommand(name = "block-stream", args = "device:B,base:s?,speed:o?,backing-file:s?,on-error:s?")
public final class BlockStream implements CommandHandler {
    @Reference
    private BlockLayer block;
    @Reference
    private BlockJobs jobs;

    @Override
    public Object execute(Arguments args, Session session) throws QmpException {
        OnError onError = OnError.valueOf(args.enumValue("on-error", "report", OnError.NAMES));
        String device = args.string("device");
        String base = args.string("base");
        String backingFile = args.string("backing-file");
        long speed = args.integer("speed", 0);

        BlockBackend backend = JobDevices.forNewJob(block.graph(), device);
        BlockNode bs = backend.root();
        JobDevices.checkNotBusy(jobs, bs, device);
        BlockNode baseNode = null;
        if (base != null) {
            baseNode = Chain.findBackingImage(bs, base);
            if (baseNode == null) {
                throw QmpException.generic("Base '" + base + "' not found");
            }
        }
        if (baseNode == null && backingFile != null) {
            throw QmpException.generic("backing file specified, but streaming the entire chain");
        }
        if (onError.needsIoStatus() && backend.attachedDevice() == null) {
            throw QmpException.generic("Invalid parameter 'on-error'");
        }
        if (speed < 0) {
            throw QmpException.generic("Invalid parameter 'speed'");
        }
        jobs.start(new StreamJob(device, backend, block.graph(), baseNode, backingFile != null ? backingFile : base,
                onError, speed));
        return null;
    }
}
