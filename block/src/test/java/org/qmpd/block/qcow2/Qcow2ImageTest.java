package org.qmpd.block.qcow2;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.qmpd.block.driver.FileNode;
import org.qmpd.block.driver.OpenException;
import org.qmpd.block.graph.BlockNode;
import org.qmpd.block.graph.NodeOptions;

/**
 * The qcow2 driver against the real {@code qemu-img} and {@code qemu-io}: images qmpd creates
 * and writes pass {@code qemu-img check}, and hold exactly the bytes a model of the disk says.
 */
class Qcow2ImageTest {
    @TempDir
    Path dir;

    @BeforeAll
    static void tools() {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/qemu-img")), "qemu-img is needed");
    }

    static String run(String... cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        int rc = p.waitFor();
        if (rc != 0) {
            throw new AssertionError(String.join(" ", cmd) + " exited " + rc + ": " + out);
        }
        return out;
    }

    static Qcow2Node open(Path image) throws OpenException {
        NodeOptions unmap = new NodeOptions(false, true, false, false, "off", true);
        FileNode file = FileNode.open(image.toString(), unmap);
        return Qcow2Node.open(file, unmap);
    }

    static void write(BlockNode node, long offset, byte[] data) throws IOException {
        node.write(offset, ByteBuffer.wrap(data));
    }

    static byte[] read(BlockNode node, long offset, int length) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(length);
        node.read(offset, b);
        return b.array();
    }

    static void check(Path image) throws Exception {
        String out = run("qemu-img", "check", image.toString());
        assertTrue(out.contains("No errors were found on the image."), out);
    }

    static byte[] asRaw(Path image, Path dir) throws Exception {
        Path raw = dir.resolve("converted.raw");
        run("qemu-img", "convert", "-O", "raw", image.toString(), raw.toString());
        return Files.readAllBytes(raw);
    }

    @Test
    void createdImagePassesCheckAndInfoShowsItsFields() throws Exception {
        Path img = dir.resolve("new.qcow2");
        Qcow2Create.create(img, Qcow2Create.Spec.of(64 << 20));
        check(img);
        String info = run("qemu-img", "info", "--output=json", img.toString());
        assertTrue(info.contains("\"virtual-size\": 67108864"), info);
        assertTrue(info.contains("\"cluster-size\": 65536"), info);
        assertTrue(info.contains("\"compat\": \"1.1\""), info);
        Path v2 = dir.resolve("v2.qcow2");
        Qcow2Create.create(v2, new Qcow2Create.Spec(10 << 20, 2, 4096, null, null));
        check(v2);
        assertTrue(run("qemu-img", "info", v2.toString()).contains("compat: 0.10"));
    }

    @Test
    void randomWritesZeroesAndDiscardsMatchAModelAndPassCheck() throws Exception {
        for (int version : new int[] {2, 3}) {
            for (int cs : new int[] {512, 65536}) {
                Path img = dir.resolve("model-" + version + "-" + cs + ".qcow2");
                long size = 4L << 20;
                Qcow2Create.create(img, new Qcow2Create.Spec(size, version, cs, null, null));
                byte[] model = new byte[(int) size];
                Random rnd = new Random(version * 31L + cs);
                try (AutoCloseableNode n = new AutoCloseableNode(open(img))) {
                    for (int i = 0; i < 300; i++) {
                        int off = rnd.nextInt((int) size - 1);
                        int len = 1 + rnd.nextInt(Math.min((int) size - off, 200_000));
                        int op = rnd.nextInt(10);
                        if (op < 7) {
                            byte[] data = new byte[len];
                            rnd.nextBytes(data);
                            write(n.node, off, data);
                            System.arraycopy(data, 0, model, off, len);
                        } else if (op < 9) {
                            n.node.writeZeroes(off, len, true);
                            java.util.Arrays.fill(model, off, off + len, (byte) 0);
                        } else {
                            n.node.discard(off, len);
                            // discard only drops whole clusters, which then read as zeroes
                            long first = (off + cs - 1) / cs * (long) cs;
                            long last = Math.min(size, (off + len) / cs * (long) cs);
                            if (off + len == size) {
                                last = size;
                            }
                            if (first < last) {
                                java.util.Arrays.fill(model, (int) first, (int) last, (byte) 0);
                            }
                        }
                    }
                    assertArrayEquals(model, read(n.node, 0, (int) size));
                }
                check(img);
                assertArrayEquals(model, asRaw(img, dir), "qemu-img sees other bytes, v" + version + " cs " + cs);
            }
        }
    }

    @Test
    void backingChainResolvesRelativeNamesAndReadsThroughEveryLayer() throws Exception {
        Path base = dir.resolve("base.qcow2");
        Qcow2Create.create(base, Qcow2Create.Spec.of(1 << 20));
        run("qemu-io", "-c", "write -P 0x11 0 64k", "-c", "write -P 0x12 512k 4k", base.toString());
        Path mid = dir.resolve("mid.qcow2");
        Qcow2Create.create(mid, Qcow2Create.Spec.of(1 << 20).withBacking("base.qcow2", "qcow2"));
        Path top = dir.resolve("top.qcow2");
        Qcow2Create.create(top, Qcow2Create.Spec.of(2 << 20).withBacking("mid.qcow2", "qcow2"));
        run("qemu-io", "-c", "write -P 0x22 4k 4k", mid.toString());
        check(top);
        String info = run("qemu-img", "info", "--backing-chain", top.toString());
        assertTrue(info.contains("backing file: mid.qcow2"), info);

        Qcow2Node t = open(top);
        Qcow2Node m = open(mid);
        Qcow2Node b = open(base);
        t.setBacking(m);
        m.setBacking(b);
        assertEquals("mid.qcow2", t.backingFileName());
        assertEquals("qcow2", t.backingFormat());
        write(t, 8192, new byte[] {0x33});
        byte[] got = read(t, 0, 2 << 20);
        assertEquals(0x11, got[0]);
        assertEquals(0x22, got[4096]);
        assertEquals(0x33, got[8192]);
        assertEquals(0x11, got[8193]);
        assertEquals(0x12, got[512 << 10]);
        assertEquals(0, got[(1 << 20) + 5]);
        BlockNode.Status below = t.blockStatus(512 << 10, 4096);
        assertEquals(BlockNode.STATUS_DATA, below.flags(), "data of the base, not allocated in the top");
        assertEquals(BlockNode.STATUS_ZERO, t.blockStatus(1536 << 10, 4096).flags());
        assertTrue(t.blockStatus(8192, 1).isAllocated());
        t.close();
        check(top);
        run("qemu-io", "-c", "read -P 0x33 8192 1", "-c", "read -P 0x11 8193 1", top.toString());
    }

    @Test
    void detectZeroesTurnsZeroWritesIntoZeroClusters() throws Exception {
        Path img = dir.resolve("dz.qcow2");
        Qcow2Create.create(img, Qcow2Create.Spec.of(4 << 20));
        NodeOptions dz = new NodeOptions(false, true, false, false, "unmap", true);
        Qcow2Node n = Qcow2Node.open(FileNode.open(img.toString(), dz), dz);
        write(n, 0, new byte[1 << 20]);
        assertEquals(BlockNode.STATUS_ZERO, n.blockStatus(0, 1 << 20).flags(), "nothing allocated for zeroes");
        write(n, 1 << 20, new byte[] {0, 1});
        assertTrue(n.blockStatus(1 << 20, 1).isAllocated());
        check(img);
    }

    @Test
    void compressedClustersReadAndCopyOnWrite() throws Exception {
        Path src = dir.resolve("src.raw");
        byte[] data = new byte[1 << 20];
        for (int i = 0; i < data.length; i++) {
            data[i] = (byte) (i / 1000);
        }
        Files.write(src, data);
        Path img = dir.resolve("comp.qcow2");
        run("qemu-img", "convert", "-c", "-O", "qcow2", src.toString(), img.toString());
        Qcow2Node n = open(img);
        assertArrayEquals(data, read(n, 0, data.length));
        write(n, 70000, new byte[] {7, 7, 7});
        data[70000] = data[70001] = data[70002] = 7;
        assertArrayEquals(data, read(n, 0, data.length));
        check(img);
        assertArrayEquals(data, asRaw(img, dir));
    }

    @Test
    void scatteredWritesWithTinyClustersGrowTheRefcountTable() throws Exception {
        Path img = dir.resolve("tiny.qcow2");
        long size = 64L << 20;
        Qcow2Create.create(img, new Qcow2Create.Spec(size, 3, 512, null, null));
        long reftableBefore = java.nio.ByteBuffer.wrap(Files.readAllBytes(img), 48, 8).getLong();
        Qcow2Node n = open(img);
        Random rnd = new Random(5);
        java.util.Map<Long, Byte> written = new java.util.HashMap<>();
        byte[] block = new byte[4096];
        for (int i = 0; i < 3000; i++) {
            long off = (long) rnd.nextInt((int) (size / 4096)) * 4096;
            byte b = (byte) (1 + rnd.nextInt(250));
            java.util.Arrays.fill(block, b);
            write(n, off, block);
            written.put(off, b);
        }
        for (java.util.Map.Entry<Long, Byte> e : written.entrySet()) {
            assertEquals(e.getValue(), read(n, e.getKey(), 4096)[4095]);
        }
        n.close();
        long reftableAfter = java.nio.ByteBuffer.wrap(Files.readAllBytes(img), 48, 8).getLong();
        assertTrue(reftableAfter != reftableBefore, "the refcount table moved to a bigger place");
        check(img);
        byte[] raw = asRaw(img, dir);
        for (java.util.Map.Entry<Long, Byte> e : written.entrySet()) {
            assertEquals(e.getValue(), raw[(int) (e.getKey() + 100)]);
        }
    }

    @Test
    void resizeGrowsTheL1TableAndShrinkIsRefused() throws Exception {
        Path img = dir.resolve("grow.qcow2");
        Qcow2Create.create(img, new Qcow2Create.Spec(1 << 20, 3, 512, null, null));
        Qcow2Node n = open(img);
        n.resize(64L << 20);
        write(n, (64L << 20) - 3, new byte[] {1, 2, 3});
        assertThrows(IOException.class, () -> n.resize(1 << 20));
        check(img);
        assertTrue(run("qemu-img", "info", img.toString()).contains("virtual size: 64 MiB"));
        run("qemu-io", "-c", "read -P 3 " + ((64L << 20) - 1) + " 1", img.toString());
    }

    @Test
    void concurrentWritersLeaveAConsistentImage() throws Exception {
        Path img = dir.resolve("conc.qcow2");
        long size = 32L << 20;
        Qcow2Create.create(img, Qcow2Create.Spec.of(size));
        Qcow2Node n = open(img);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<Future<?>> fs = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            final int id = t;
            fs.add(pool.submit(() -> {
                // Each thread owns every 4th 4 KiB block, so the final contents are known.
                Random rnd = new Random(id);
                byte[] block = new byte[4096];
                for (int i = 0; i < 2000; i++) {
                    long blk = rnd.nextInt((int) (size / 4096 / 4)) * 4L + id;
                    java.util.Arrays.fill(block, (byte) (id + 1));
                    write(n, blk * 4096, block);
                }
                return null;
            }));
        }
        for (Future<?> f : fs) {
            f.get();
        }
        pool.shutdown();
        byte[] all = read(n, 0, (int) size);
        for (int i = 0; i < all.length; i += 4096) {
            int owner = (i / 4096) % 4;
            assertTrue(all[i] == 0 || all[i] == owner + 1, "block " + i / 4096);
        }
        check(img);
        assertArrayEquals(all, asRaw(img, dir));
    }

    @Test
    void corruptOrTruncatedHeadersAreRefusedCleanly() throws Exception {
        Path img = dir.resolve("bad.qcow2");
        Files.write(img, new byte[] {'Q', 'F', 'I', (byte) 0xfb, 0, 0});
        OpenException e = assertThrows(OpenException.class, () -> open(img));
        assertEquals("Could not read qcow2 header: Input/output error", e.getMessage());
        Qcow2Create.create(img, Qcow2Create.Spec.of(1 << 20));
        byte[] bytes = Files.readAllBytes(img);
        bytes[23] = 40; // cluster_bits
        Files.write(img, bytes);
        assertEquals("Unsupported cluster size: 2^40", assertThrows(OpenException.class, () -> open(img)).getMessage());
        bytes[23] = 16;
        bytes[7] = 9; // version
        Files.write(img, bytes);
        assertEquals("Unsupported qcow2 version 9", assertThrows(OpenException.class, () -> open(img)).getMessage());
        bytes[7] = 3;
        bytes[47] = 1; // L1 offset not cluster aligned
        Files.write(img, bytes);
        assertEquals("Invalid L1 table offset", assertThrows(OpenException.class, () -> open(img)).getMessage());
        bytes[47] = 0;
        Files.write(img, java.util.Arrays.copyOf(bytes, 100));
        assertThrows(OpenException.class, () -> open(img));
    }

    /** Closes the node's file after a test. */
    private static final class AutoCloseableNode implements AutoCloseable {
        final Qcow2Node node;

        AutoCloseableNode(Qcow2Node node) {
            this.node = node;
        }

        @Override
        public void close() throws IOException {
            node.close();
            node.file().close();
        }
    }
}
