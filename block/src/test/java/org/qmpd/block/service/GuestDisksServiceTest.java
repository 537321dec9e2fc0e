package org.qmpd.block.service;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.qmpd.block.graph.BlockNode;
import org.qmpd.block.graph.IoStats;
import org.qmpd.core.api.ErrorClass;
import org.qmpd.core.api.QmpException;

/** The guest workload's disk I/O is the device's: accounted, and it marks the dirty bitmaps. */
class GuestDisksServiceTest {
    @TempDir
    Path dir;

    @Test
    void guestIoIsAccountedAndMarksBitmaps() throws Exception {
        Path img = dir.resolve("g.raw");
        Files.write(img, new byte[1 << 20]);
        BlockLayer layer = new BlockLayer();
        Map<String, Object> file = new LinkedHashMap<>();
        file.put("driver", "file");
        file.put("filename", img.toString());
        Map<String, Object> raw = new LinkedHashMap<>();
        raw.put("driver", "raw");
        raw.put("file", file);
        layer.createBackend("disk", raw, true);
        BlockNode root = layer.graph().backend("disk").root();
        root.bitmaps().create("b", 65536, root.size());

        GuestDisksService disks = new GuestDisksService(layer);
        assertEquals(1 << 20, disks.size("disk"));
        byte[] data = {1, 2, 3, 4};
        disks.write("disk", 70000, data, 0, 4);
        disks.flush("disk");
        byte[] back = new byte[4];
        disks.read("disk", 70000, back, 0, 4);
        assertArrayEquals(data, back);
        assertEquals(65536, root.bitmaps().find("b").countBytes());
        assertEquals(1, root.stats().operations(IoStats.Kind.WRITE));
        assertEquals(1, root.stats().operations(IoStats.Kind.READ));
        assertEquals(1, root.stats().operations(IoStats.Kind.FLUSH));

        QmpException e = assertThrows(QmpException.class, () -> disks.size("nosuch"));
        assertEquals(ErrorClass.DeviceNotFound, e.errorClass());
        assertEquals("Device 'nosuch' not found", e.desc());
        assertEquals("write failed: Input/output error",
                assertThrows(QmpException.class, () -> disks.write("disk", 1 << 20, data, 0, 4)).desc());
    }
}
