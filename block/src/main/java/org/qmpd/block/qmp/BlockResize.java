package org.qmpd.block.qmp;

import java.io.IOException;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.qmpd.block.graph.BlockIOException;
import org.qmpd.block.graph.BlockNode;
import org.qmpd.block.job.BlockJobs;
import org.qmpd.block.service.BlockLayer;
import org.qmpd.core.api.Arguments;
import org.qmpd.core.api.CommandHandler;
import org.qmpd.core.api.ErrorClass;
import org.qmpd.core.api.QmpCommand;
import org.qmpd.core.api.QmpException;
import org.qmpd.core.api.Session;

/**
 * {@code block_resize} of 2.4: by device or node name, refused while a block job uses the device;
 * the node's dirty bitmaps follow the new size.
 */
@Component(service = CommandHandler.class)
@QmpCommand(name = "block_resize", args = "device:s?,node-name:s?,size:o")
public final class BlockResize implements CommandHandler {
    @Reference
    private BlockLayer block;
    @Reference
    private BlockJobs jobs;

    @Override
    public Object execute(Arguments args, Session session) throws QmpException {
        String device = args.string("device");
        String nodeName = args.string("node-name");
        BlockNode bs = null;
        if (device != null) {
            bs = block.graph().backend(device) == null ? null : block.graph().backend(device).root();
        }
        if (bs == null && nodeName != null) {
            bs = block.graph().node(nodeName);
        }
        if (bs == null) {
            throw QmpException.generic("Cannot find device=" + (device == null ? "" : device) + " nor node_name="
                    + (nodeName == null ? "" : nodeName));
        }
        long size = args.integer("size");
        if (size < 0) {
            throw QmpException.generic("Parameter 'size' expects a >0 size");
        }
        String name = device != null ? device : nodeName;
        if (jobs.busyReason(bs) != null) {
            // 2.4: bdrv_op_is_blocked(bs, BLOCK_OP_TYPE_RESIZE) gives QERR_DEVICE_IN_USE
            throw QmpException.generic("Device '" + name + "' is in use");
        }
        if (bs.isReadOnly()) {
            throw QmpException.generic("Device '" + name + "' is read only");
        }
        try {
            bs.resize(size);
        } catch (BlockIOException e) {
            switch (e.errno()) {
                case BlockIOException.ENOTSUP:
                    throw QmpException.generic("this feature or command is not currently supported");
                case BlockIOException.ENOMEDIUM:
                    throw new QmpException(ErrorClass.GenericError, "Device '" + name + "' has no medium");
                case BlockIOException.EACCES:
                    throw QmpException.generic("Device '" + name + "' is read only");
                default:
                    throw QmpException.generic("Could not resize: " + e.getMessage());
            }
        } catch (IOException e) {
            throw QmpException.generic("Could not resize: " + BlockIOException.strerror(BlockIOException.errnoOf(e)));
        }
        bs.bitmaps().truncate(bs.size());
        return null;
    }
}
