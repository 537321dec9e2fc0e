package org.qmpd.block.qcow2;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.qmpd.block.graph.BlkDebugEvent;
import org.qmpd.block.graph.BlockIOException;
import org.qmpd.block.graph.BlockNode;

/**
 * The refcount table and refcount blocks of a qcow2 image, and cluster allocation. New
 * clusters are taken from the end of the used area. Every change is written through at once,
 * in an order that keeps the image consistent for {@code qemu-img check} if the process dies
 * at any point (a leaked cluster at worst): a cluster's refcount is on disk before anything
 * points to it, and a refcount drops only after the last pointer to it is gone.
 *
 * <p>Not thread-safe: the qcow2 node calls it under its metadata lock.
 */
final class Refcounts {
    private final BlockNode file;
    private final Qcow2Header header;
    private final int clusterBits;
    private final int clusterSize;
    private final int refcountBits;
    private final long maxRefcount;
    private final long entriesPerBlock;
    private long[] table;
    private final Map<Long, ByteBuffer> blocks = new HashMap<>();
    private long nextFree;

    Refcounts(BlockNode file, Qcow2Header header) {
        this.file = file;
        this.header = header;
        this.clusterBits = header.clusterBits;
        this.clusterSize = 1 << clusterBits;
        this.refcountBits = 1 << header.refcountOrder;
        this.maxRefcount = refcountBits == 64 ? Long.MAX_VALUE : (1L << refcountBits) - 1;
        this.entriesPerBlock = (long) clusterSize * 8 / refcountBits;
    }

    /** Reads the refcount table and finds the first free cluster after every used one. */
    void load(long minNextFree) throws IOException {
        int entries = (int) ((long) header.refcountTableClusters * clusterSize / 8);
        ByteBuffer buf = ByteBuffer.allocate(entries * 8);
        file.debugEvent(BlkDebugEvent.REFTABLE_LOAD);
        file.read(header.refcountTableOffset, buf);
        table = new long[entries];
        for (int i = 0; i < entries; i++) {
            table[i] = buf.getLong(i * 8) & Qcow2Node.OFFSET_MASK;
        }
        long highest = -1;
        for (int b = entries - 1; b >= 0 && highest < 0; b--) {
            if (table[b] == 0) {
                continue;
            }
            ByteBuffer block = block(b);
            for (long i = entriesPerBlock - 1; i >= 0; i--) {
                if (get(block, i) != 0) {
                    highest = b * entriesPerBlock + i;
                    break;
                }
            }
        }
        nextFree = Math.max(highest + 1, minNextFree);
    }

    long nextFree() {
        return nextFree;
    }

    private ByteBuffer block(long index) throws IOException {
        ByteBuffer b = blocks.get(index);
        if (b == null) {
            if (blocks.size() >= 512) {
                blocks.clear();
            }
            b = ByteBuffer.allocate(clusterSize);
            file.debugEvent(BlkDebugEvent.REFBLOCK_LOAD);
            file.read(table[(int) index], b);
            blocks.put(index, b);
        }
        return b;
    }

    /** The refcount of host cluster {@code cluster}. */
    long refcount(long cluster) throws IOException {
        long b = cluster / entriesPerBlock;
        if (b >= table.length || table[(int) b] == 0) {
            return 0;
        }
        return get(block(b), cluster % entriesPerBlock);
    }

    private long get(ByteBuffer block, long i) {
        if (refcountBits >= 8) {
            int bytes = refcountBits / 8;
            int pos = (int) (i * bytes);
            long v = 0;
            for (int k = 0; k < bytes; k++) {
                v = (v << 8) | (block.get(pos + k) & 0xff);
            }
            return v;
        }
        long bit = i * refcountBits;
        int shift = (int) (bit & 7);
        return (block.get((int) (bit >>> 3)) >>> shift) & ((1 << refcountBits) - 1);
    }

    private void put(ByteBuffer block, long i, long value) {
        if (refcountBits >= 8) {
            int bytes = refcountBits / 8;
            int pos = (int) (i * bytes);
            for (int k = bytes - 1; k >= 0; k--) {
                block.put(pos + k, (byte) value);
                value >>>= 8;
            }
            return;
        }
        long bit = i * refcountBits;
        int shift = (int) (bit & 7);
        int mask = ((1 << refcountBits) - 1) << shift;
        int pos = (int) (bit >>> 3);
        block.put(pos, (byte) ((block.get(pos) & ~mask) | ((int) value << shift) & mask));
    }

    /** Writes entries {@code [first, last]} of block {@code b} through to the file. */
    private void writeEntries(long b, ByteBuffer block, long first, long last) throws IOException {
        int from = (int) ((first * refcountBits) >>> 3);
        int to = (int) (((last + 1) * refcountBits + 7) >>> 3);
        file.debugEvent(BlkDebugEvent.REFBLOCK_UPDATE_PART);
        file.write(table[(int) b] + from, block.duplicate().limit(to).position(from));
    }

    /** Adds {@code delta} to the refcounts of clusters {@code [first, first + n)}, written through. */
    void update(long first, long n, long delta) throws IOException {
        long c = first;
        long end = first + n;
        while (c < end) {
            long b = c / entriesPerBlock;
            if (b >= table.length || table[(int) b] == 0) {
                if (delta < 0) {
                    throw new BlockIOException(BlockIOException.EIO);
                }
                createBlock(b);
            }
            ByteBuffer block = block(b);
            long i0 = c % entriesPerBlock;
            long i1 = Math.min(entriesPerBlock, i0 + (end - c)) - 1;
            for (long i = i0; i <= i1; i++) {
                long v = get(block, i) + delta;
                if (v < 0 || v > maxRefcount) {
                    throw new BlockIOException(BlockIOException.EIO);
                }
                put(block, i, v);
            }
            writeEntries(b, block, i0, i1);
            c += i1 - i0 + 1;
        }
    }

    /** Allocates {@code n} contiguous clusters with refcount 1 and returns the first one's index. */
    long allocate(long n) throws IOException {
        while (true) {
            long start = nextFree;
            long missing = firstMissingBlock(start, start + n);
            if (missing < 0) {
                nextFree = start + n;
                file.debugEvent(BlkDebugEvent.CLUSTER_ALLOC);
                update(start, n, 1);
                return start;
            }
            createBlock(missing);
        }
    }

    private long firstMissingBlock(long from, long to) {
        for (long b = from / entriesPerBlock; b <= (to - 1) / entriesPerBlock; b++) {
            if (b >= table.length || table[(int) b] == 0) {
                return b;
            }
        }
        return -1;
    }

    /** Places a new refcount block for block index {@code b} at the first free cluster. */
    private void createBlock(long b) throws IOException {
        if (b >= table.length) {
            growTable(b + 1);
            if (table[(int) b] != 0) {
                return;
            }
        }
        file.debugEvent(BlkDebugEvent.REFBLOCK_ALLOC);
        long r = nextFree++;
        ByteBuffer content = ByteBuffer.allocate(clusterSize);
        if (r / entriesPerBlock == b) {
            put(content, r % entriesPerBlock, 1);
        } else {
            update(r, 1, 1);
        }
        file.debugEvent(BlkDebugEvent.REFBLOCK_ALLOC_WRITE);
        file.write(r << clusterBits, content.duplicate());
        table[(int) b] = r << clusterBits;
        blocks.put(b, content);
        ByteBuffer entry = ByteBuffer.allocate(8).putLong(0, r << clusterBits);
        file.debugEvent(BlkDebugEvent.REFBLOCK_ALLOC_HOOKUP);
        file.write(header.refcountTableOffset + b * 8, entry);
    }

    /** Moves the refcount table to a bigger one at the end of the image. */
    private void growTable(long minEntries) throws IOException {
        file.debugEvent(BlkDebugEvent.REFTABLE_GROW);
        long r = nextFree;
        long entries = Math.max(minEntries, (long) table.length * 2);
        List<Long> newBlocks = new ArrayList<>();
        long tableClusters;
        while (true) {
            tableClusters = Qcow2Header.ceilDiv(entries * 8, clusterSize);
            long end = r + tableClusters + newBlocks.size();
            List<Long> missing = new ArrayList<>();
            for (long b = r / entriesPerBlock; b <= (end - 1) / entriesPerBlock; b++) {
                if (b >= table.length || table[(int) b] == 0) {
                    missing.add(b);
                }
            }
            long maxIndex = missing.isEmpty() ? 0 : missing.get(missing.size() - 1);
            if (missing.equals(newBlocks) && maxIndex < entries) {
                break;
            }
            newBlocks = missing;
            entries = Math.max(entries, maxIndex + 1);
        }
        long end = r + tableClusters + newBlocks.size();
        long[] newTable = new long[(int) (tableClusters * clusterSize / 8)];
        System.arraycopy(table, 0, newTable, 0, table.length);
        // Refcounts of the new clusters that fall in existing blocks go first.
        for (long c = r; c < end; c++) {
            long b = c / entriesPerBlock;
            if (!newBlocks.contains(b)) {
                ByteBuffer block = block(b);
                put(block, c % entriesPerBlock, get(block, c % entriesPerBlock) + 1);
                writeEntries(b, block, c % entriesPerBlock, c % entriesPerBlock);
            }
        }
        file.debugEvent(BlkDebugEvent.REFBLOCK_ALLOC_WRITE_BLOCKS);
        for (int k = 0; k < newBlocks.size(); k++) {
            long b = newBlocks.get(k);
            long at = r + tableClusters + k;
            ByteBuffer content = ByteBuffer.allocate(clusterSize);
            for (long c = Math.max(r, b * entriesPerBlock); c < Math.min(end, (b + 1) * entriesPerBlock); c++) {
                put(content, c % entriesPerBlock, 1);
            }
            file.write(at << clusterBits, content.duplicate());
            newTable[(int) b] = at << clusterBits;
            blocks.put(b, content);
        }
        ByteBuffer t = ByteBuffer.allocate(newTable.length * 8);
        for (int i = 0; i < newTable.length; i++) {
            t.putLong(i * 8, newTable[i]);
        }
        file.debugEvent(BlkDebugEvent.REFBLOCK_ALLOC_WRITE_TABLE);
        file.write(r << clusterBits, t);
        long oldOffset = header.refcountTableOffset;
        int oldClusters = header.refcountTableClusters;
        ByteBuffer hdr = ByteBuffer.allocate(12).putLong(0, r << clusterBits).putInt(8, (int) tableClusters);
        file.debugEvent(BlkDebugEvent.REFBLOCK_ALLOC_SWITCH_TABLE);
        file.write(Qcow2Header.OFF_REFTABLE, hdr);
        header.refcountTableOffset = r << clusterBits;
        header.refcountTableClusters = (int) tableClusters;
        table = newTable;
        nextFree = end;
        update(oldOffset >>> clusterBits, oldClusters, -1);
    }
}
