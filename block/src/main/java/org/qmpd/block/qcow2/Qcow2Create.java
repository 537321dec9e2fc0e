package org.qmpd.block.qcow2;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Creates empty qcow2 images the way {@code qemu-img create -f qcow2} lays them out: the
 * header (with its extensions and the backing file name) in cluster 0, then the refcount
 * table, the refcount blocks and the L1 table, every metadata cluster counted once. The
 * result passes {@code qemu-img check}.
 */
public final class Qcow2Create {
    /** What to create: {@code version} 2 ({@code compat=0.10}) or 3 ({@code compat=1.1}). */
    public record Spec(long size, int version, int clusterSize, String backingFile, String backingFormat) {
        public static Spec of(long size) {
            return new Spec(size, 3, 65536, null, null);
        }

        public Spec withBacking(String file, String format) {
            return new Spec(size, version, clusterSize, file, format);
        }
    }

    private Qcow2Create() {
    }

    public static void create(Path path, Spec spec) throws IOException {
        int cs = spec.clusterSize();
        if (cs < 512 || cs > (2 << 20) || Integer.bitCount(cs) != 1) {
            throw new IllegalArgumentException("Cluster size must be a power of two between 512 and 2048k");
        }
        int clusterBits = Integer.numberOfTrailingZeros(cs);
        long l2Entries = cs / 8;
        long l1Entries = Qcow2Header.ceilDiv(Qcow2Header.ceilDiv(spec.size(), cs), l2Entries);
        long l1Clusters = Math.max(1, Qcow2Header.ceilDiv(l1Entries * 8, cs));
        long entriesPerBlock = (long) cs * 8 / 16;
        long refblocks = 1;
        long reftableClusters = 1;
        while (true) {
            long total = 1 + reftableClusters + refblocks + l1Clusters;
            long rb = Qcow2Header.ceilDiv(total, entriesPerBlock);
            long rt = Qcow2Header.ceilDiv(rb * 8, cs);
            if (rb == refblocks && rt == reftableClusters) {
                break;
            }
            refblocks = rb;
            reftableClusters = rt;
        }
        long reftableAt = 1;
        long refblocksAt = reftableAt + reftableClusters;
        long l1At = refblocksAt + refblocks;
        long total = l1At + l1Clusters;

        Qcow2Header h = new Qcow2Header();
        h.version = spec.version();
        h.clusterBits = clusterBits;
        h.size = spec.size();
        h.l1Size = (int) l1Entries;
        h.l1TableOffset = l1At * cs;
        h.refcountTableOffset = reftableAt * cs;
        h.refcountTableClusters = (int) reftableClusters;
        h.refcountOrder = 4;
        h.headerLength = spec.version() == 3 ? Qcow2Header.V3_LENGTH : Qcow2Header.V2_LENGTH;

        ByteBuffer header = ByteBuffer.allocate(cs);
        int pos = h.headerLength;
        if (spec.backingFormat() != null) {
            byte[] fmt = spec.backingFormat().getBytes(StandardCharsets.UTF_8);
            header.putInt(pos, Qcow2Header.EXT_BACKING_FORMAT).putInt(pos + 4, fmt.length);
            header.put(pos + 8, fmt);
            pos += 8 + ((fmt.length + 7) & ~7);
        }
        if (spec.version() == 3) {
            pos = featureTable(header, pos);
        }
        header.putInt(pos, Qcow2Header.EXT_END).putInt(pos + 4, 0);
        pos += 8;
        if (spec.backingFile() != null) {
            byte[] name = spec.backingFile().getBytes(StandardCharsets.UTF_8);
            if (name.length > 1023 || pos + name.length > cs) {
                throw new IllegalArgumentException("Backing file name too long");
            }
            header.put(pos, name);
            h.backingFileOffset = pos;
            h.backingFileSize = name.length;
        }
        h.write(header);

        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            writeFully(ch, header, 0);
            ByteBuffer reftable = ByteBuffer.allocate((int) (reftableClusters * cs));
            for (int b = 0; b < refblocks; b++) {
                reftable.putLong(b * 8, (refblocksAt + b) * cs);
            }
            writeFully(ch, reftable, reftableAt * cs);
            for (int b = 0; b < refblocks; b++) {
                ByteBuffer block = ByteBuffer.allocate(cs);
                for (long c = b * entriesPerBlock; c < Math.min(total, (b + 1) * entriesPerBlock); c++) {
                    block.putShort((int) (c - b * entriesPerBlock) * 2, (short) 1);
                }
                writeFully(ch, block, (refblocksAt + b) * cs);
            }
            writeFully(ch, ByteBuffer.allocate((int) (l1Clusters * cs)), l1At * cs);
        }
    }

    /** The feature name table qemu-img writes, so that tools can name the feature bits. */
    private static int featureTable(ByteBuffer header, int pos) {
        String[][] features = {{"0", "0", "dirty bit"}, {"0", "1", "corrupt bit"}, {"1", "0", "lazy refcounts"}};
        int len = features.length * 48;
        if (pos + 8 + len + 16 + 1024 > header.capacity()) {
            return pos;
        }
        header.putInt(pos, Qcow2Header.EXT_FEATURE_TABLE).putInt(pos + 4, len);
        int p = pos + 8;
        for (String[] f : features) {
            header.put(p, (byte) Integer.parseInt(f[0]));
            header.put(p + 1, (byte) Integer.parseInt(f[1]));
            header.put(p + 2, f[2].getBytes(StandardCharsets.US_ASCII));
            p += 48;
        }
        return pos + 8 + len;
    }

    private static void writeFully(FileChannel ch, ByteBuffer buf, long at) throws IOException {
        buf.clear();
        while (buf.hasRemaining()) {
            at += ch.write(buf, at);
        }
    }
}
