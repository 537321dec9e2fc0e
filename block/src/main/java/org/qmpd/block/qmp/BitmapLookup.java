package org.qmpd.block.qmp;

import org.qmpd.block.bitmap.DirtyBitmap;
import org.qmpd.block.graph.BlockGraph;
import org.qmpd.block.graph.BlockNode;
import org.qmpd.core.api.QmpException;

/** 2.4's {@code block_dirty_bitmap_lookup}: the node, then the bitmap, with its two errors. */
record BitmapLookup(BlockNode node, DirtyBitmap bitmap) {
    static BitmapLookup find(BlockGraph graph, String node, String name) throws QmpException {
        BlockNode bs = graph.lookup(node);
        if (bs == null) {
            throw QmpException.generic("Node '" + node + "' not found");
        }
        DirtyBitmap bm = bs.bitmaps().find(name);
        if (bm == null) {
            throw QmpException.generic("Dirty bitmap '" + name + "' not found");
        }
        return new BitmapLookup(bs, bm);
    }
}
