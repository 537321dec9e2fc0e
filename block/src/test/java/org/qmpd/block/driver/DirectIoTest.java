package org.qmpd.block.driver;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.qmpd.block.graph.NodeOptions;

/**
 * {@code cache.direct=on}: the file is opened with {@code O_DIRECT} and requests of any
 * alignment still read and write exactly their bytes, also when writers share blocks.
 */
class DirectIoTest {
    static final NodeOptions DIRECT = new NodeOptions(false, true, true, false, "off", false);

    @TempDir
    Path dir;

    FileNode open(Path file) {
        try {
            return FileNode.open(file.toString(), DIRECT);
        } catch (OpenException e) {
            assumeTrue(false, "no O_DIRECT on this file system: " + e.getMessage());
            return null;
        }
    }

    @Test
    void unalignedRequestsMatchAModelAndKeepTheFileSize() throws Exception {
        Path file = dir.resolve("d.raw");
        int size = (1 << 20) + 1000; // not a multiple of the block size
        Files.write(file, new byte[size]);
        FileNode n = open(file);
        byte[] model = new byte[size];
        Random rnd = new Random(3);
        for (int i = 0; i < 400; i++) {
            int off = rnd.nextInt(size - 1);
            int len = 1 + rnd.nextInt(Math.min(size - off, 20000));
            byte[] data = new byte[len];
            rnd.nextBytes(data);
            ByteBuffer src = rnd.nextBoolean() ? ByteBuffer.wrap(data) : ByteBuffer.allocateDirect(len).put(data).flip();
            n.write(off, src);
            System.arraycopy(data, 0, model, off, len);
            int roff = rnd.nextInt(size - 1);
            int rlen = 1 + rnd.nextInt(Math.min(size - roff, 20000));
            ByteBuffer got = ByteBuffer.allocate(rlen);
            n.read(roff, got);
            assertArrayEquals(java.util.Arrays.copyOfRange(model, roff, roff + rlen), got.array());
        }
        assertEquals(size, n.size(), "block padding must not grow the file");
        n.close();
        assertArrayEquals(model, Files.readAllBytes(file));
    }

    @Test
    void writersSharingBlocksBothLand() throws Exception {
        Path file = dir.resolve("s.raw");
        Files.write(file, new byte[1 << 20]);
        FileNode n = open(file);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<Future<?>> fs = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            final int id = t;
            fs.add(pool.submit(() -> {
                // thread t owns bytes t, t+4, t+8, ... of every block: every write is unaligned
                for (int i = 0; i < 2000; i++) {
                    long off = (long) (i % 256) * 4096 + (i / 256) * 4L + id;
                    n.write(off, ByteBuffer.wrap(new byte[] {(byte) (id + 1)}));
                }
                return null;
            }));
        }
        for (Future<?> f : fs) {
            f.get();
        }
        pool.shutdown();
        ByteBuffer all = ByteBuffer.allocate(1 << 20);
        n.read(0, all);
        for (int i = 0; i < 2000; i++) {
            for (int id = 0; id < 4; id++) {
                long off = (long) (i % 256) * 4096 + (i / 256) * 4L + id;
                assertEquals(id + 1, all.get((int) off), "byte " + off);
            }
        }
        n.close();
    }
}
