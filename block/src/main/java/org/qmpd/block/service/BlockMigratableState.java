package org.qmpd.block.service;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.qmpd.block.bitmap.DirtyBitmap;
import org.qmpd.block.graph.BlockBackend;
import org.qmpd.block.graph.BlockNode;
import org.qmpd.core.api.MigratableState;

/**
 * The block layer's section of a migration: for every device root and named node, its write
 * threshold and its named dirty bitmaps (granularity, enabled state, bits). The disks
 * themselves are shared between source and destination, so only this state travels. The
 * destination finds each node by the same device or node name.
 */
@Component(service = MigratableState.class)
public final class BlockMigratableState implements MigratableState {
    private final BlockLayer block;

    @Activate
    public BlockMigratableState(@Reference BlockLayer block) {
        this.block = block;
    }

    @Override
    public String sectionId() {
        return "block/dirty-bitmaps";
    }

    @Override
    public int version() {
        return 1;
    }

    @Override
    public String migrationBlocker() {
        for (BlockNode n : block.graph().nodes()) {
            for (DirtyBitmap b : n.bitmaps().all()) {
                if (b.isFrozen()) {
                    return "Bitmap '" + b.name() + "' is currently frozen and cannot be migrated";
                }
            }
        }
        return null;
    }

    private List<String[]> keys() {
        List<String[]> keys = new ArrayList<>();
        for (BlockBackend b : block.graph().backends()) {
            if (!b.name().isEmpty() && b.root() != null) {
                keys.add(new String[] {"device", b.name()});
            }
        }
        for (BlockNode n : block.graph().namedNodes()) {
            BlockBackend b = block.graph().backendOf(n);
            if (b == null || b.name().isEmpty()) {
                keys.add(new String[] {"node", n.nodeName()});
            }
        }
        return keys;
    }

    private BlockNode resolve(String kind, String name) {
        if (kind.equals("device")) {
            BlockBackend b = block.graph().backend(name);
            return b == null ? null : b.root();
        }
        return block.graph().node(name);
    }

    @Override
    public void save(DataOutput out) throws IOException {
        List<String[]> keys = keys();
        out.writeInt(keys.size());
        for (String[] k : keys) {
            BlockNode n = resolve(k[0], k[1]);
            out.writeUTF(k[0]);
            out.writeUTF(k[1]);
            out.writeLong(n.threshold().get());
            List<DirtyBitmap> named = new ArrayList<>();
            for (DirtyBitmap b : n.bitmaps().all()) {
                if (b.name() != null) {
                    named.add(b);
                }
            }
            out.writeInt(named.size());
            // oldest first, so that re-adding at the head restores the order
            for (int i = named.size() - 1; i >= 0; i--) {
                DirtyBitmap b = named.get(i);
                out.writeUTF(b.name());
                out.writeLong(b.granularity());
                out.writeBoolean(b.isEnabled());
                out.writeLong(b.bytes());
                long[] words = b.toWords();
                out.writeInt(words.length);
                for (long w : words) {
                    out.writeLong(w);
                }
            }
        }
    }

    @Override
    public void load(DataInput in, int version) throws IOException {
        int count = in.readInt();
        for (int i = 0; i < count; i++) {
            String kind = in.readUTF();
            String name = in.readUTF();
            BlockNode n = resolve(kind, name);
            long threshold = in.readLong();
            int bitmaps = in.readInt();
            List<DirtyBitmap> loaded = new ArrayList<>();
            for (int k = 0; k < bitmaps; k++) {
                DirtyBitmap b = new DirtyBitmap(in.readUTF(), in.readLong(), 0);
                boolean enabled = in.readBoolean();
                long bytes = in.readLong();
                long[] words = new long[in.readInt()];
                for (int w = 0; w < words.length; w++) {
                    words[w] = in.readLong();
                }
                b.truncate(bytes);
                b.fromWords(words);
                b.setEnabled(enabled);
                loaded.add(b);
            }
            if (n == null) {
                continue; // the destination has no such node: nothing to restore it into
            }
            n.threshold().set(threshold);
            for (DirtyBitmap b : n.bitmaps().all()) {
                if (b.name() != null) {
                    n.bitmaps().remove(b);
                }
            }
            for (DirtyBitmap b : loaded) {
                n.bitmaps().add(b);
            }
        }
    }
}
