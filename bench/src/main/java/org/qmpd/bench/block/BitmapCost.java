package org.qmpd.bench.block;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;

import org.qmpd.block.bitmap.DirtyBitmap;
import org.qmpd.block.driver.FileNode;
import org.qmpd.block.driver.RawNode;
import org.qmpd.block.graph.BlockBackend;
import org.qmpd.block.graph.NodeOptions;

/**
 * The cost of one active dirty bitmap on qmpd's write path, in process: 4 KiB writes at
 * random aligned offsets through a {@link BlockBackend} on a raw image (the same nodes an NBD
 * export writes through), in short blocks without and with a bitmap back to back, in
 * alternating order. Over NBD the same comparison drowns in this machine's noise (a 2-second
 * run swings by half from one minute to the next); here a pair of blocks is a few hundred
 * milliseconds apart, and the figure is the median of the pairs' ratios.
 *
 * <p>Usage: {@code BitmapCost IMAGE [PAIRS] [WRITES]} (IMAGE: a raw file, written over).
 */
public final class BitmapCost {
    public static void main(String[] args) throws Exception {
        Path image = Path.of(args[0]);
        int pairs = args.length > 1 ? Integer.parseInt(args[1]) : 40;
        int writes = args.length > 2 ? Integer.parseInt(args[2]) : 20_000;
        FileNode file = FileNode.open(image.toString(), NodeOptions.DEFAULT);
        BlockBackend backend = new BlockBackend("bench", new RawNode(file, NodeOptions.DEFAULT));
        long size = Files.size(image);
        long blocks = size / 4096;
        ByteBuffer data = ByteBuffer.allocateDirect(4096);
        SplittableRandom rnd = new SplittableRandom(1);
        DirtyBitmap bitmap = new DirtyBitmap("bench", 65536, size);

        // warm-up, both ways
        for (int i = 0; i < 4; i++) {
            run(backend, data, rnd, blocks, writes);
            backend.root().bitmaps().add(bitmap);
            run(backend, data, rnd, blocks, writes);
            backend.root().bitmaps().remove(bitmap);
        }
        List<Double> costs = new ArrayList<>();
        long offTotal = 0;
        long onTotal = 0;
        for (int p = 0; p < pairs; p++) {
            long off;
            long on;
            if (p % 2 == 0) {
                off = run(backend, data, rnd, blocks, writes);
                backend.root().bitmaps().add(bitmap);
                on = run(backend, data, rnd, blocks, writes);
                backend.root().bitmaps().remove(bitmap);
            } else {
                backend.root().bitmaps().add(bitmap);
                on = run(backend, data, rnd, blocks, writes);
                backend.root().bitmaps().remove(bitmap);
                off = run(backend, data, rnd, blocks, writes);
            }
            offTotal += off;
            onTotal += on;
            costs.add(100.0 * (on - off) / off);
        }
        Collections.sort(costs);
        double median = costs.get(costs.size() / 2);
        System.out.printf("4 KiB random writes through the raw node: %.0f ns without a bitmap, %.0f ns with one%n",
                (double) offTotal / pairs / writes, (double) onTotal / pairs / writes);
        System.out.printf("bitmap cost, median of %d pairs of %d writes: %+.1f%% (quartiles %+.1f%% .. %+.1f%%; target <= 3%%)%n",
                pairs, writes, median, costs.get(costs.size() / 4), costs.get(costs.size() * 3 / 4));
        System.out.printf("dirty bytes at the end: %d of %d%n", bitmap.countBytes(), size);
        backend.root().close();
    }

    /** Nanoseconds for {@code n} writes. */
    private static long run(BlockBackend b, ByteBuffer data, SplittableRandom rnd, long blocks, int n) throws Exception {
        long t0 = System.nanoTime();
        for (int i = 0; i < n; i++) {
            data.clear();
            b.write(rnd.nextLong(blocks) * 4096, data);
        }
        return System.nanoTime() - t0;
    }
}
