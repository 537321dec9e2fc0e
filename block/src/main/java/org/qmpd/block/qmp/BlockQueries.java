package org.qmpd.block.qmp;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.qmpd.block.bitmap.DirtyBitmap;
import org.qmpd.block.graph.BlockBackend;
import org.qmpd.block.graph.BlockNode;
import org.qmpd.block.graph.IoStats;
import org.qmpd.block.open.NodeOpener;
import org.qmpd.block.qcow2.Qcow2Node;

/**
 * Builds the QMP views of the graph as 2.4's {@code block/qapi.c} does:
 * {@code bdrv_block_device_info}, {@code bdrv_query_image_info} down the backing chain,
 * {@code bdrv_query_info} and {@code bdrv_query_stats}.
 */
final class BlockQueries {
    private BlockQueries() {
    }

    static BlockInfo info(BlockBackend b) {
        BlockNode root = b.root();
        List<BlockDirtyInfo> bitmaps = root == null || root.bitmaps().isEmpty() ? null : dirtyInfo(root);
        return new BlockInfo(b.name(), "unknown", false, false, root == null ? null : deviceInfo(root), null,
                b.attachedDevice() != null ? b.ioStatus() : null, bitmaps);
    }

    static List<BlockDirtyInfo> dirtyInfo(BlockNode node) {
        List<BlockDirtyInfo> list = new ArrayList<>();
        for (DirtyBitmap bm : node.bitmaps().all()) {
            list.add(new BlockDirtyInfo(bm.name(), bm.countBytes(), bm.granularity(), bm.status().name()));
        }
        return list;
    }

    static BlockDeviceInfo deviceInfo(BlockNode n) {
        return new BlockDeviceInfo(n.filename(), n.nodeName(), n.isReadOnly(), n.driver(), n.backingFileName(),
                n.backingDepth(), false, false, n.options().detectZeroes(), 0, 0, 0, 0, 0, 0, imageInfo(n),
                new BlockDeviceInfo.Cache(n.options().writeback(), n.options().direct(), n.options().noFlush()),
                n.threshold().get());
    }

    static ImageInfo imageInfo(BlockNode n) {
        long actual = n.allocatedFileSize();
        String backing = n.backingFileName();
        String full = backing == null ? null : NodeOpener.resolveBacking(n.filename(), backing);
        BlockNode below = n.backing();
        return new ImageInfo(n.filename(), n.driver(), n.hasDriverInfo() ? Boolean.FALSE : null,
                actual >= 0 ? actual : null, n.size(), n.clusterSize() > 0 ? n.clusterSize() : null,
                backing, full, backing == null ? null : n.backingFormat(),
                below == null ? null : imageInfo(below), specific(n));
    }

    private static ImageInfo.Specific specific(BlockNode n) {
        if (!(n instanceof Qcow2Node)) {
            return null;
        }
        Qcow2Node q = (Qcow2Node) n;
        Map<String, Object> data = new LinkedHashMap<>();
        if (q.version() == 2) {
            data.put("compat", "0.10");
            data.put("refcount-bits", q.refcountBits());
        } else {
            data.put("compat", "1.1");
            data.put("lazy-refcounts", q.lazyRefcounts());
            data.put("refcount-bits", q.refcountBits());
            data.put("corrupt", q.corrupt());
        }
        return new ImageInfo.Specific("qcow2", data);
    }

    /** {@code bdrv_query_stats}: {@code device} for a device's root, the file child as {@code parent}. */
    static BlockStats stats(BlockNode n, String device, boolean withBacking) {
        IoStats s = n.stats();
        BlockStats.Counters c = new BlockStats.Counters(
                s.bytes(IoStats.Kind.READ), s.bytes(IoStats.Kind.WRITE),
                s.operations(IoStats.Kind.READ), s.operations(IoStats.Kind.WRITE),
                s.operations(IoStats.Kind.FLUSH), s.totalTimeNs(IoStats.Kind.FLUSH),
                s.totalTimeNs(IoStats.Kind.WRITE), s.totalTimeNs(IoStats.Kind.READ),
                s.highestOffset(), s.merged(IoStats.Kind.READ), s.merged(IoStats.Kind.WRITE));
        BlockStats parent = n.file() == null ? null : stats(n.file(), null, withBacking);
        BlockStats backing = withBacking && n.backing() != null ? stats(n.backing(), null, true) : null;
        return new BlockStats(device == null || device.isEmpty() ? null : device, n.nodeName(), c, parent, backing);
    }
}
