package org.qmpd.block.qmp;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.qmpd.block.graph.BlockNode;
import org.qmpd.block.service.BlockLayer;
import org.qmpd.core.api.Arguments;
import org.qmpd.core.api.CommandHandler;
import org.qmpd.core.api.QmpCommand;
import org.qmpd.core.api.QmpException;
import org.qmpd.core.api.Session;

/**
 * {@code block-dirty-bitmap-add}, in the order of 2.4's checks: the name, the node (device
 * name first, then node name), the granularity (default: the cluster size clamped to
 * [4 KiB, 64 KiB], else 64 KiB), then the name's uniqueness on that node.
 */
@Component(service = CommandHandler.class)
@QmpCommand(name = "block-dirty-bitmap-add", args = "node:B,name:s,granularity:i?")
public final class BlockDirtyBitmapAdd implements CommandHandler {
    @Reference
    private BlockLayer block;

    @Override
    public Object execute(Arguments args, Session session) throws QmpException {
        long granularity = args.uint32("granularity", -1);
        String node = args.string("node");
        String name = args.string("name");
        if (name.isEmpty()) {
            throw QmpException.generic("Bitmap name cannot be empty");
        }
        BlockNode bs = block.graph().lookup(node);
        if (bs == null) {
            throw QmpException.generic("Cannot find device=" + node + " nor node_name=" + node);
        }
        if (granularity == -1) {
            granularity = defaultGranularity(bs);
        } else if (granularity < 512 || Long.bitCount(granularity) != 1) {
            throw QmpException.generic("Granularity must be power of 2 and at least 512");
        }
        if (bs.bitmaps().find(name) != null) {
            throw QmpException.generic("Bitmap already exists: " + name);
        }
        bs.bitmaps().create(name, granularity, bs.size());
        return null;
    }

    /** {@code bdrv_get_default_bitmap_granularity}. */
    static long defaultGranularity(BlockNode bs) {
        int cluster = bs.clusterSize();
        if (cluster == 0) {
            return 65536;
        }
        return Math.max(4096, Math.min(65536, cluster));
    }
}
