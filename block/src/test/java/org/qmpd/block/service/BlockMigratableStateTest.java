package org.qmpd.block.service;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.qmpd.block.bitmap.DirtyBitmap;
import org.qmpd.block.graph.BlockNode;

/** Bitmaps and thresholds travel with a migration and land on the node of the same name. */
class BlockMigratableStateTest {
    static BlockLayer layerWithNullDevice() throws Exception {
        BlockLayer layer = new BlockLayer();
        Map<String, Object> opts = new LinkedHashMap<>();
        opts.put("driver", "null-co");
        opts.put("node-name", "n0");
        opts.put("size", 64L << 20);
        layer.createBackend("drive0", opts, true);
        return layer;
    }

    @Test
    void bitmapsAndThresholdsRoundTrip() throws Exception {
        BlockLayer src = layerWithNullDevice();
        BlockNode node = src.graph().backend("drive0").root();
        DirtyBitmap a = node.bitmaps().create("a", 65536, node.size());
        DirtyBitmap b = node.bitmaps().create("b", 512, node.size());
        b.setEnabled(false);
        a.set(0, 1);
        a.set(5 << 20, 70000);
        b.set(4096, 1);
        node.threshold().set(1 << 20);

        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        new BlockMigratableState(src).save(new DataOutputStream(bytes));

        BlockLayer dst = layerWithNullDevice();
        BlockNode target = dst.graph().backend("drive0").root();
        target.bitmaps().create("stale", 65536, target.size());
        new BlockMigratableState(dst).load(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())), 1);

        assertEquals(1 << 20, target.threshold().get());
        assertEquals(2, target.bitmaps().all().size());
        assertEquals("b", target.bitmaps().all().get(0).name(), "order kept: newest first");
        DirtyBitmap a2 = target.bitmaps().find("a");
        assertNotNull(a2);
        assertEquals(a.countBytes(), a2.countBytes());
        assertArrayEquals(a.toWords(), a2.toWords());
        assertFalse(target.bitmaps().find("b").isEnabled());
        assertEquals(512, target.bitmaps().find("b").granularity());
    }
}
