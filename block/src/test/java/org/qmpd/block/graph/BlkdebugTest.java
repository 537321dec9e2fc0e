package org.qmpd.block.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.qmpd.block.driver.BlkdebugConfig;
import org.qmpd.block.driver.BlkdebugNode;
import org.qmpd.block.driver.BlkdebugRule;
import org.qmpd.block.driver.FileNode;
import org.qmpd.block.driver.OpenException;
import org.qmpd.block.driver.RawNode;

/** blkdebug with QEMU's config syntax: rules armed by events, sectors, {@code once} and states. */
class BlkdebugTest {
    @TempDir
    Path dir;

    @Test
    void rulesFireOnTheirEventSectorAndState() throws Exception {
        Path img = dir.resolve("i.raw");
        Files.write(img, new byte[1 << 20]);
        Path conf = dir.resolve("b.conf");
        Files.writeString(conf, "# QEMU's syntax\n"
                + "[set-state]\nevent = \"write_aio\"\nstate = \"1\"\nnew_state = \"2\"\n\n"
                + "[inject-error]\nevent = \"read_aio\"\nstate = \"2\"\nerrno = \"28\"\nsector = \"8\"\nonce = \"on\"\n\n"
                + "[inject-error]\nevent = \"read_aio\"\nerrno = \"5\"\nsector = \"100\"\n");
        List<BlkdebugRule> rules = BlkdebugConfig.readFile(conf.toString());
        assertEquals(3, rules.size());
        NodeOptions o = NodeOptions.DEFAULT;
        BlkdebugNode dbg = new BlkdebugNode(FileNode.open(img.toString(), o), "blkdebug::" + img, rules, o);
        RawNode raw = new RawNode(dbg, o);

        assertEquals(5, errno(() -> raw.read(100 * 512, ByteBuffer.allocate(512))), "state 1: the sector-100 rule");
        raw.read(8 * 512, ByteBuffer.allocate(512)); // the ENOSPC rule waits for state 2
        raw.write(0, ByteBuffer.allocate(512));
        assertEquals(2, dbg.state());
        assertEquals(28, errno(() -> raw.read(0, ByteBuffer.allocate(8192))), "state 2, sector 8 inside the request");
        raw.read(0, ByteBuffer.allocate(8192)); // once: gone
        assertEquals(5, errno(() -> raw.read(100 * 512, ByteBuffer.allocate(512))), "the other rule stays");
    }

    @Test
    void badConfigsGetQemusWords() throws Exception {
        Path conf = dir.resolve("bad.conf");
        Files.writeString(conf, "[inject-error]\nevent = \"nosuch\"\n");
        assertEquals("Invalid event name \"nosuch\"",
                assertThrows(OpenException.class, () -> BlkdebugConfig.readFile(conf.toString())).getMessage());
        assertEquals("Could not read blkdebug config file: No such file or directory",
                assertThrows(OpenException.class, () -> BlkdebugConfig.readFile(dir.resolve("none").toString())).getMessage());
    }

    interface Io {
        void run() throws Exception;
    }

    static int errno(Io io) {
        return assertThrows(BlockIOException.class, io::run).errno();
    }
}
