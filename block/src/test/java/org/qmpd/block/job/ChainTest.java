package org.qmpd.block.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.qmpd.block.graph.BlockBackend;
import org.qmpd.block.graph.BlockNode;

/** 2.4's chain lookups by file name ({@code bdrv_find_backing_image}, {@code path_combine}) on a real three-image chain. */
class ChainTest {
    @TempDir
    Path dir;

    @BeforeAll
    static void tools() {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/qemu-img")), "qemu-img is needed");
    }

    @Test
    void pathsCombineAsQemuCombinesThem() {
        assertEquals("/a/b/base.qcow2", Chain.combine("/a/b/top.qcow2", "base.qcow2"));
        assertEquals("/x/base.qcow2", Chain.combine("/a/b/top.qcow2", "/x/base.qcow2"));
        assertEquals("base.qcow2", Chain.combine("top.qcow2", "base.qcow2"));
        assertEquals("img/base.qcow2", Chain.combine("img/top.qcow2", "base.qcow2"));
        assertTrue(Chain.hasProtocol("nbd:localhost:10809"));
        assertFalse(Chain.hasProtocol("/a/b:c"));
    }

    @Test
    void imagesAreFoundByTheNameTheChainGivesThemHoweverTheClientSpellsIt() throws Exception {
        Path sub = Files.createDirectories(dir.resolve("sub"));
        JobRig.run("qemu-img", "create", "-q", "-f", "qcow2", sub.resolve("base.qcow2").toString(), "1M");
        JobRig.run("qemu-img", "create", "-q", "-f", "qcow2", "-b", "base.qcow2", "-F", "qcow2",
                sub.resolve("mid.qcow2").toString());
        JobRig.run("qemu-img", "create", "-q", "-f", "qcow2", "-b", sub.resolve("mid.qcow2").toString(), "-F", "qcow2",
                dir.resolve("top.qcow2").toString());
        try (JobRig rig = new JobRig()) {
            BlockBackend b = rig.drive("drive0", dir.resolve("top.qcow2"), "qcow2");
            BlockNode top = b.root();
            BlockNode mid = top.backing();
            BlockNode base = mid.backing();
            assertSame(mid, Chain.findBackingImage(top, sub.resolve("mid.qcow2").toString()));
            assertSame(mid, Chain.findBackingImage(top, "sub/mid.qcow2"), "relative to the image naming it");
            assertSame(base, Chain.findBackingImage(top, sub.resolve("base.qcow2").toString()));
            assertSame(base, Chain.findBackingImage(top, "../sub/base.qcow2"), "relative to mid, which names it");
            assertNull(Chain.findBackingImage(top, "sub/sub/../base.qcow2"), "realpath needs every directory");
            assertNull(Chain.findBackingImage(top, dir.resolve("top.qcow2").toString()), "the top is not below itself");
            assertNull(Chain.findBackingImage(mid, sub.resolve("mid.qcow2").toString()));
            assertNull(Chain.findBackingImage(top, "nosuch.qcow2"));
            assertSame(base, Chain.base(top));
            assertSame(top, Chain.overlay(top, mid));
            assertSame(mid, Chain.overlay(top, base));
            assertEquals(2, Chain.between(top, base).size());
        }
    }
}
