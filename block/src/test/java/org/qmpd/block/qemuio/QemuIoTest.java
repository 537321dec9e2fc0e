package org.qmpd.block.qemuio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.qmpd.block.driver.FileNode;
import org.qmpd.block.driver.RawNode;
import org.qmpd.block.graph.BlockBackend;
import org.qmpd.block.graph.NodeOptions;

/** qemu-io's commands, checks and words on a raw image. */
class QemuIoTest {
    @TempDir
    Path dir;

    BlockBackend backend() throws Exception {
        Path img = dir.resolve("d.raw");
        Files.write(img, new byte[1 << 20]);
        NodeOptions o = new NodeOptions(false, true, false, false, "off", true);
        return new BlockBackend("d", new RawNode(FileNode.open(img.toString(), o), o));
    }

    @Test
    void writeReadAndPatternsInQemuIosWords() throws Exception {
        BlockBackend b = backend();
        String w = QemuIo.run(b, "write -P 0xab 0 64k");
        assertTrue(w.startsWith("wrote 65536/65536 bytes at offset 0\n64 KiB, 1 ops; "), w);
        assertTrue(w.matches("(?s).*\\d\\d\\.\\d\\d sec \\([0-9.]+ [KMGT]?i?B(ytes)?/sec and [0-9.]+ ops/sec\\)\n"), w);
        assertEquals("", QemuIo.run(b, "read -q -P 0xab 0 64k"));
        assertEquals("Pattern verification failed at offset 0, 512 bytes\n", QemuIo.run(b, "read -q -P 0xcd 0 512"));
        assertEquals("", QemuIo.run(b, "read -q -P 0xab -s 1024 -l 512 0 2k"));
        assertEquals("Pattern verification failed at offset 65536, 512 bytes\n", QemuIo.run(b, "read -q -P 0xab -s 1024 -l 512 63k 2k"));
        assertEquals("", QemuIo.run(b, "write -q -z 0 4k"));
        assertEquals("", QemuIo.run(b, "read -q -P 0 0 4k"));
        assertTrue(QemuIo.run(b, "aio_write -P 7 8k 4k").startsWith("wrote 4096/4096 bytes at offset 8192\n"));
        assertTrue(QemuIo.run(b, "discard 8k 4k").startsWith("discard 4096/4096 bytes at offset 8192\n"));
        assertEquals("", QemuIo.run(b, "flush"));
    }

    @Test
    void badCommandsGetQemuIosMessages() throws Exception {
        BlockBackend b = backend();
        assertEquals("offset 1 is not sector aligned\n", QemuIo.run(b, "read 1 512"));
        assertEquals("count 100 is not sector aligned\n", QemuIo.run(b, "write 0 100"));
        assertEquals("non-numeric length argument -- x\n", QemuIo.run(b, "read x 512"));
        assertEquals("0x100 is not a valid pattern byte\n", QemuIo.run(b, "write -P 0x100 0 512"));
        assertEquals("-z and -P cannot be specified at the same time\n", QemuIo.run(b, "write -z -P 1 0 512"));
        assertEquals("command \"bogus\" not found\n", QemuIo.run(b, "bogus"));
        assertEquals("read failed: Input/output error\n", QemuIo.run(b, "read 1M 512"));
        assertTrue(QemuIo.run(b, "read 0").startsWith("read [-abCpqv]"));
        assertEquals("1.500 KiB", QemuIo.cvtstr(1536));
        assertEquals("512 bytes", QemuIo.cvtstr(512));
    }
}
