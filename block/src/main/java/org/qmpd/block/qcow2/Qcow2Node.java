package org.qmpd.block.qcow2;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.locks.ReentrantLock;

import org.qmpd.block.driver.OpenException;
import org.qmpd.block.graph.BlkDebugEvent;
import org.qmpd.block.graph.BlockIOException;
import org.qmpd.block.graph.BlockNode;
import org.qmpd.block.graph.NodeOptions;

/**
 * The {@code qcow2} format, versions 2 and 3, over a file child: L1 and L2 tables, refcounts,
 * cluster allocation, zero clusters (v3), compressed clusters (read), and a backing node of
 * any depth.
 *
 * <p>Locking: reads, and writes to clusters this image already owns (refcount 1, the
 * {@code COPIED} flag), take no lock: they look the cluster up in the {@link L2Cache} and do
 * positional I/O on the file. Anything that changes metadata (allocation, copy-on-write,
 * zeroing, discard, resize) holds the node's metadata lock and writes every change through in
 * the order {@link Refcounts} describes, so a killed process leaves at worst leaked clusters.
 */
public final class Qcow2Node extends BlockNode {
    static final long OFFSET_MASK = 0x00fffffffffffe00L;
    static final long COPIED = 1L << 63;
    static final long COMPRESSED = 1L << 62;
    static final long ZERO = 1L;
    private static final ByteBuffer ZEROES = ByteBuffer.allocateDirect(1 << 20).asReadOnlyBuffer();

    private final BlockNode file;
    private volatile BlockNode backing;
    private final Qcow2Header header;
    private final int clusterBits;
    private final int clusterSize;
    private final int l2Bits;
    private final int l2Entries;
    private volatile long[] l1;
    private final ReentrantLock meta = new ReentrantLock();
    private final L2Cache l2;
    private final Refcounts refcounts;
    private final CompressedReader compressed;

    private Qcow2Node(BlockNode file, Qcow2Header header, long[] l1, NodeOptions options) {
        super("qcow2", options);
        this.file = file;
        this.header = header;
        this.clusterBits = header.clusterBits;
        this.clusterSize = 1 << clusterBits;
        this.l2Bits = clusterBits - 3;
        this.l2Entries = 1 << l2Bits;
        this.l1 = l1;
        this.l2 = new L2Cache(file, clusterSize, 32L << 20);
        this.refcounts = new Refcounts(file, header);
        this.compressed = new CompressedReader(file, clusterBits);
    }

    /** Opens the image on {@code file}; the backing node, if any, is attached later with {@link #setBacking}. */
    public static Qcow2Node open(BlockNode file, NodeOptions options) throws OpenException {
        try {
            long fileSize = file.size();
            ByteBuffer first = ByteBuffer.allocate((int) Math.min(fileSize, 2 << 20));
            file.read(0, first);
            first.flip();
            Qcow2Header h = Qcow2Header.parse(first, fileSize, !options.readOnly());
            ByteBuffer l1buf = ByteBuffer.allocate(h.l1Size * 8);
            file.read(h.l1TableOffset, l1buf);
            long[] l1 = new long[h.l1Size];
            long minNextFree = 1;
            for (int i = 0; i < l1.length; i++) {
                l1[i] = l1buf.getLong(i * 8);
            }
            int cs = h.clusterSize();
            minNextFree = Math.max(minNextFree, Qcow2Header.ceilDiv(h.l1TableOffset + h.l1Size * 8L, cs));
            minNextFree = Math.max(minNextFree,
                    Qcow2Header.ceilDiv(h.refcountTableOffset + (long) h.refcountTableClusters * cs, cs));
            Qcow2Node node = new Qcow2Node(file, h, l1, options);
            node.refcounts.load(minNextFree);
            if (!options.readOnly() && h.version == 3 && h.autoclearFeatures != 0) {
                // Unknown autoclear features (persistent bitmaps...) are no longer valid once we write.
                h.autoclearFeatures = 0;
                file.write(Qcow2Header.OFF_AUTOCLEAR, ByteBuffer.allocate(8));
            }
            return node;
        } catch (OpenException e) {
            throw e;
        } catch (IOException e) {
            throw new OpenException("Could not read qcow2 header: " + e.getMessage());
        }
    }

    public void setBacking(BlockNode backing) {
        this.backing = backing;
    }

    @Override
    public BlockNode file() {
        return file;
    }

    @Override
    public BlockNode backing() {
        return backing;
    }

    @Override
    public String backingFileName() {
        return header.backingFile;
    }

    @Override
    public String backingFormat() {
        return header.backingFormat;
    }

    @Override
    public String filename() {
        return file.filename();
    }

    @Override
    public long size() {
        return header.size;
    }

    @Override
    public int clusterSize() {
        return clusterSize;
    }

    @Override
    public boolean hasDriverInfo() {
        return true;
    }

    public int version() {
        return header.version;
    }

    public int refcountBits() {
        return 1 << header.refcountOrder;
    }

    public boolean lazyRefcounts() {
        return (header.compatibleFeatures & Qcow2Header.COMPAT_LAZY_REFCOUNTS) != 0;
    }

    public boolean corrupt() {
        return (header.incompatibleFeatures & Qcow2Header.INCOMPAT_CORRUPT) != 0;
    }

    // ---- lookups -----------------------------------------------------------------------

    /** The L2 entry of guest cluster {@code gc}, without a lock; 0 if unallocated. */
    private long entry(long gc) throws IOException {
        long[] l1t = l1;
        long l1i = gc >>> l2Bits;
        if (l1i >= l1t.length) {
            return 0;
        }
        long l2off = L2Cache.get(l1t, (int) l1i) & OFFSET_MASK;
        if (l2off == 0) {
            return 0;
        }
        return L2Cache.get(l2.table(l2off), (int) (gc & (l2Entries - 1)));
    }

    private boolean isOwnedData(long e) {
        return (e & COPIED) != 0 && (e & COMPRESSED) == 0 && (e & OFFSET_MASK) != 0
                && (header.version == 2 || (e & ZERO) == 0);
    }

    private boolean isZero(long e) {
        return header.version == 3 && (e & COMPRESSED) == 0 && (e & ZERO) != 0;
    }

    // ---- reads -------------------------------------------------------------------------

    @Override
    protected void readAt(long offset, ByteBuffer dst) throws IOException {
        long pos = offset;
        while (dst.hasRemaining()) {
            long gc = pos >>> clusterBits;
            int in = (int) (pos & (clusterSize - 1));
            long e = entry(gc);
            int n = (int) Math.min(dst.remaining(), clusterSize - in);
            if ((e & COMPRESSED) != 0) {
                compressed.read(e, in, n, dst);
            } else if (isZero(e)) {
                n = extendRun(gc, e, pos, dst.remaining(), n, false);
                zero(dst, n);
            } else if ((e & OFFSET_MASK) == 0) {
                n = extendRun(gc, e, pos, dst.remaining(), n, false);
                readUnallocated(pos, n, dst);
            } else {
                n = extendRun(gc, e, pos, dst.remaining(), n, true);
                file.debugEvent(BlkDebugEvent.READ_AIO);
                int limit = dst.limit();
                dst.limit(dst.position() + n);
                try {
                    file.read((e & OFFSET_MASK) + in, dst);
                } finally {
                    dst.limit(limit);
                }
            }
            pos += n;
        }
    }

    /**
     * Grows a run of {@code n} bytes over the following clusters of the same kind (host
     * contiguous data when {@code data}, else the same unallocated or zero state).
     */
    private int extendRun(long gc, long e, long pos, int remaining, int n, boolean data) throws IOException {
        long host = e & OFFSET_MASK;
        int kind = kind(e);
        long next = gc + 1;
        while (n < remaining) {
            long ne = entry(next);
            boolean same = kind(ne) == kind && (!data || (ne & OFFSET_MASK) == host + ((next - gc) << clusterBits));
            if (!same) {
                break;
            }
            n = (int) Math.min(remaining, n + (long) clusterSize);
            next++;
        }
        return n;
    }

    /** 0 unallocated, 1 zero, 2 data, 3 compressed. */
    private int kind(long e) {
        if ((e & COMPRESSED) != 0) {
            return 3;
        }
        if (isZero(e)) {
            return 1;
        }
        return (e & OFFSET_MASK) == 0 ? 0 : 2;
    }

    private void readUnallocated(long pos, int n, ByteBuffer dst) throws IOException {
        BlockNode b = backing;
        if (b == null) {
            zero(dst, n);
            return;
        }
        long fromBacking = Math.max(0, Math.min(n, b.size() - pos));
        if (fromBacking > 0) {
            file.debugEvent(BlkDebugEvent.READ_BACKING_AIO);
            int limit = dst.limit();
            dst.limit(dst.position() + (int) fromBacking);
            try {
                b.read(pos, dst);
            } finally {
                dst.limit(limit);
            }
        }
        zero(dst, n - (int) fromBacking);
    }

    static void zero(ByteBuffer dst, int n) {
        while (n > 0) {
            int k = Math.min(n, ZEROES.capacity());
            dst.put(ZEROES.duplicate().limit(k));
            n -= k;
        }
    }

    // ---- writes ------------------------------------------------------------------------

    @Override
    protected void writeAt(long offset, ByteBuffer src) throws IOException {
        checkBounds(offset, src.remaining());
        long pos = offset;
        while (src.hasRemaining()) {
            long gc = pos >>> clusterBits;
            int in = (int) (pos & (clusterSize - 1));
            long e = entry(gc);
            if (isOwnedData(e)) {
                int n = extendOwned(gc, e, src.remaining(), Math.min(src.remaining(), clusterSize - in));
                file.debugEvent(BlkDebugEvent.WRITE_AIO);
                int limit = src.limit();
                src.limit(src.position() + n);
                try {
                    file.write((e & OFFSET_MASK) + in, src);
                } finally {
                    src.limit(limit);
                }
                pos += n;
            } else {
                pos += allocatingWrite(pos, src);
            }
        }
    }

    private int extendOwned(long gc, long e, int remaining, int n) throws IOException {
        long host = e & OFFSET_MASK;
        long next = gc + 1;
        while (n < remaining) {
            long ne = entry(next);
            if (!isOwnedData(ne) || (ne & OFFSET_MASK) != host + ((next - gc) << clusterBits)) {
                break;
            }
            n = (int) Math.min(remaining, n + (long) clusterSize);
            next++;
        }
        return n;
    }

    private void checkBounds(long offset, long length) throws BlockIOException {
        long clusters = Qcow2Header.ceilDiv(offset + length, clusterSize);
        if (offset < 0 || Qcow2Header.ceilDiv(clusters, l2Entries) > l1.length) {
            throw new BlockIOException(BlockIOException.EIO);
        }
    }

    /**
     * Writes from {@code pos} into clusters this image does not own yet: allocates a run of
     * them, fills the parts of the first and last cluster the request does not cover with
     * their old contents, writes the data, then points the L2 entries at the new clusters and
     * releases the old ones. Returns the bytes written (0 if another writer allocated first).
     */
    private int allocatingWrite(long pos, ByteBuffer src) throws IOException {
        meta.lock();
        try {
            long gc0 = pos >>> clusterBits;
            int in = (int) (pos & (clusterSize - 1));
            long l2off = ensureL2(gc0);
            long[] t = l2.table(l2off);
            int idx0 = (int) (gc0 & (l2Entries - 1));
            if (isOwnedData(L2Cache.get(t, idx0))) {
                return 0;
            }
            long end = pos + src.remaining();
            int k = 1;
            while (idx0 + k < l2Entries && ((gc0 + k) << clusterBits) < end && !isOwnedData(L2Cache.get(t, idx0 + k))) {
                k++;
            }
            long eofBefore = file.size();
            long host = refcounts.allocate(k) << clusterBits;
            long runEnd = Math.min(end, (gc0 + k) << clusterBits);
            int dataLen = (int) (runEnd - pos);
            long[] old = new long[k];
            for (int i = 0; i < k; i++) {
                old[i] = L2Cache.get(t, idx0 + i);
            }
            if (in > 0) {
                copyOld(gc0, old[0], 0, in, host, eofBefore);
            }
            file.debugEvent(BlkDebugEvent.WRITE_AIO);
            int limit = src.limit();
            src.limit(src.position() + dataLen);
            try {
                file.write(host + in, src);
            } finally {
                src.limit(limit);
            }
            int tail = (int) (runEnd & (clusterSize - 1));
            if (tail != 0) {
                copyOld(gc0 + k - 1, old[k - 1], tail, clusterSize - tail, host + ((long) (k - 1) << clusterBits), eofBefore);
            }
            ByteBuffer entries = ByteBuffer.allocate(k * 8);
            for (int i = 0; i < k; i++) {
                long v = (host + ((long) i << clusterBits)) | COPIED;
                entries.putLong(i * 8, v);
                L2Cache.set(t, idx0 + i, v);
            }
            file.debugEvent(BlkDebugEvent.L2_UPDATE);
            file.write(l2off + idx0 * 8L, entries);
            for (long o : old) {
                free(o);
            }
            l2.trim();
            return dataLen;
        } finally {
            meta.unlock();
        }
    }

    /** Writes bytes {@code [from, from + len)} of guest cluster {@code gc}'s old contents ({@code e}) into the new cluster at {@code host}. */
    private void copyOld(long gc, long e, int from, int len, long host, long eofBefore) throws IOException {
        boolean zeroes = isZero(e) || (e & OFFSET_MASK) == 0 && (e & COMPRESSED) == 0
                && (backing == null || backing.size() <= (gc << clusterBits) + from);
        if (zeroes && host + from >= eofBefore) {
            return; // past the old end of file the hole reads as zeroes already
        }
        ByteBuffer buf = ByteBuffer.allocateDirect(len);
        if (!zeroes) {
            file.debugEvent(BlkDebugEvent.COW_READ);
            if ((e & COMPRESSED) != 0) {
                compressed.read(e, from, len, buf);
            } else if ((e & OFFSET_MASK) != 0) {
                file.read((e & OFFSET_MASK) + from, buf);
            } else {
                readUnallocated((gc << clusterBits) + from, len, buf);
            }
            buf.flip();
        }
        file.debugEvent(BlkDebugEvent.COW_WRITE);
        file.write(host + from, buf);
    }

    /** The offset of the L2 table owning guest cluster {@code gc}, allocating or copying it as needed; lock held. */
    private long ensureL2(long gc) throws IOException {
        int l1i = (int) (gc >>> l2Bits);
        long[] l1t = l1;
        if (l1i >= l1t.length) {
            throw new BlockIOException(BlockIOException.EIO);
        }
        long l1e = L2Cache.get(l1t, l1i);
        long oldOff = l1e & OFFSET_MASK;
        if (oldOff != 0 && (l1e & COPIED) != 0) {
            return oldOff;
        }
        file.debugEvent(BlkDebugEvent.L2_ALLOC_COW_READ);
        long[] content = oldOff != 0 ? l2.table(oldOff).clone() : new long[l2Entries];
        long newOff = refcounts.allocate(1) << clusterBits;
        ByteBuffer buf = ByteBuffer.allocate(clusterSize);
        for (int i = 0; i < l2Entries; i++) {
            buf.putLong(i * 8, content[i]);
        }
        file.debugEvent(BlkDebugEvent.L2_ALLOC_WRITE);
        file.write(newOff, buf);
        l2.install(newOff, content);
        file.debugEvent(BlkDebugEvent.L1_UPDATE);
        file.write(header.l1TableOffset + l1i * 8L, ByteBuffer.allocate(8).putLong(0, newOff | COPIED));
        L2Cache.set(l1t, l1i, newOff | COPIED);
        if (oldOff != 0) {
            refcounts.update(oldOff >>> clusterBits, 1, -1);
            l2.drop(oldOff);
        }
        return newOff;
    }

    /** Drops the reference an L2 entry held; lock held, the entry already replaced on disk. */
    private void free(long e) throws IOException {
        if ((e & COMPRESSED) != 0) {
            long first = compressed.hostOffset(e);
            long end = compressed.hostEnd(e);
            file.debugEvent(BlkDebugEvent.CLUSTER_FREE);
            refcounts.update(first >>> clusterBits, ((end - 1) >>> clusterBits) - (first >>> clusterBits) + 1, -1);
        } else if ((e & OFFSET_MASK) != 0) {
            file.debugEvent(BlkDebugEvent.CLUSTER_FREE);
            refcounts.update((e & OFFSET_MASK) >>> clusterBits, 1, -1);
        }
    }

    // ---- zeroes, discard, resize ----------------------------------------------------------

    @Override
    protected void writeZeroesAt(long offset, long length, boolean mayUnmap) throws IOException {
        checkBounds(offset, length);
        long end = offset + length;
        long firstFull = (offset + clusterSize - 1) & ~(long) (clusterSize - 1);
        long lastFull = end & ~(long) (clusterSize - 1);
        boolean canMark = header.version == 3 || backing == null;
        if (!canMark || firstFull >= lastFull) {
            super.writeZeroesAt(offset, length, mayUnmap);
            return;
        }
        if (offset < firstFull) {
            super.writeZeroesAt(offset, firstFull - offset, mayUnmap);
        }
        setClusters(firstFull, lastFull, backing == null ? 0 : ZERO);
        if (lastFull < end) {
            super.writeZeroesAt(lastFull, end - lastFull, mayUnmap);
        }
    }

    @Override
    protected void discardAt(long offset, long length) throws IOException {
        long end = Math.min(offset + length, size());
        long firstFull = (offset + clusterSize - 1) & ~(long) (clusterSize - 1);
        long lastFull = end == size() ? Qcow2Header.ceilDiv(end, clusterSize) * clusterSize : end & ~(long) (clusterSize - 1);
        if (firstFull < lastFull) {
            setClusters(firstFull, lastFull, header.version == 3 && backing != null ? ZERO : 0);
        }
    }

    /** Sets the L2 entries of the whole clusters in {@code [from, to)} to {@code value} (0 or ZERO), freeing what they held. */
    private void setClusters(long from, long to, long value) throws IOException {
        meta.lock();
        try {
            for (long gc = from >>> clusterBits; gc < to >>> clusterBits;) {
                int l1i = (int) (gc >>> l2Bits);
                int idx0 = (int) (gc & (l2Entries - 1));
                int n = (int) Math.min(l2Entries - idx0, (to >>> clusterBits) - gc);
                long l1e = L2Cache.get(l1, l1i);
                if ((l1e & OFFSET_MASK) == 0 && value == 0) {
                    gc += n;
                    continue;
                }
                long l2off = ensureL2(gc);
                long[] t = l2.table(l2off);
                long[] old = new long[n];
                ByteBuffer entries = ByteBuffer.allocate(n * 8);
                for (int i = 0; i < n; i++) {
                    old[i] = L2Cache.get(t, idx0 + i);
                    entries.putLong(i * 8, value);
                    L2Cache.set(t, idx0 + i, value);
                }
                file.debugEvent(BlkDebugEvent.L2_UPDATE);
                file.write(l2off + idx0 * 8L, entries);
                for (long o : old) {
                    free(o);
                }
                gc += n;
            }
            l2.trim();
        } finally {
            meta.unlock();
        }
    }

    @Override
    public Status blockStatus(long offset, long length) throws IOException {
        length = Math.min(length, size() - offset);
        if (length <= 0) {
            return new Status(0, 0);
        }
        long gc = offset >>> clusterBits;
        int flags = statusOf(entry(gc), offset);
        long run = Math.min(length, clusterSize - (offset & (clusterSize - 1)));
        for (long next = gc + 1; run < length; next++) {
            if (statusOf(entry(next), next << clusterBits) != flags) {
                break;
            }
            run = Math.min(length, run + clusterSize);
        }
        BlockNode b = backing;
        if ((flags & STATUS_ALLOCATED) == 0 && b != null) {
            if (offset >= b.size()) {
                return new Status(STATUS_ZERO, run);
            }
            Status below = b.blockStatus(offset, Math.min(run, b.size() - offset));
            return new Status(below.flags() & ~STATUS_ALLOCATED, below.length());
        }
        return new Status(flags, run);
    }

    private int statusOf(long e, long guestOffset) {
        if ((e & COMPRESSED) != 0) {
            return STATUS_DATA | STATUS_ALLOCATED;
        }
        if (isZero(e)) {
            return STATUS_ZERO | STATUS_ALLOCATED;
        }
        if ((e & OFFSET_MASK) != 0) {
            return STATUS_DATA | STATUS_ALLOCATED;
        }
        return backing == null ? STATUS_ZERO : 0;
    }

    @Override
    public void resize(long newSize) throws IOException {
        meta.lock();
        try {
            if (newSize < header.size) {
                throw new BlockIOException(BlockIOException.ENOTSUP);
            }
            long needed = Qcow2Header.ceilDiv(Qcow2Header.ceilDiv(newSize, clusterSize), l2Entries);
            if (needed > l1.length) {
                growL1((int) needed);
            }
            file.write(Qcow2Header.OFF_SIZE, ByteBuffer.allocate(8).putLong(0, newSize));
            header.size = newSize;
        } finally {
            meta.unlock();
        }
    }

    private void growL1(int entries) throws IOException {
        long[] old = l1;
        long[] grown = java.util.Arrays.copyOf(old, entries);
        long clusters = Qcow2Header.ceilDiv(entries * 8L, clusterSize);
        file.debugEvent(BlkDebugEvent.L1_GROW_ALLOC_TABLE);
        long at = refcounts.allocate(clusters) << clusterBits;
        ByteBuffer buf = ByteBuffer.allocate((int) (clusters * clusterSize));
        for (int i = 0; i < entries; i++) {
            buf.putLong(i * 8, grown[i]);
        }
        file.debugEvent(BlkDebugEvent.L1_GROW_WRITE_TABLE);
        file.write(at, buf);
        file.debugEvent(BlkDebugEvent.L1_GROW_ACTIVATE_TABLE);
        file.write(Qcow2Header.OFF_L1_SIZE, ByteBuffer.allocate(12).putInt(0, entries).putLong(4, at));
        long oldOffset = header.l1TableOffset;
        long oldClusters = Qcow2Header.ceilDiv(old.length * 8L, clusterSize);
        header.l1TableOffset = at;
        header.l1Size = entries;
        l1 = grown;
        if (old.length > 0) {
            refcounts.update(oldOffset >>> clusterBits, oldClusters, -1);
        }
    }

    // ---- for block jobs ---------------------------------------------------------------------

    @Override
    protected void reopenDriver(boolean readOnly) throws IOException {
        if (readOnly) {
            return;
        }
        if ((header.incompatibleFeatures & Qcow2Header.INCOMPAT_CORRUPT) != 0) {
            throw new IOException("qcow2: Image is corrupt; cannot be opened read/write");
        }
        if (header.version == 3 && header.autoclearFeatures != 0) {
            // As on a read-write open: unknown autoclear features are no longer valid once we write.
            header.autoclearFeatures = 0;
            file.write(Qcow2Header.OFF_AUTOCLEAR, ByteBuffer.allocate(8));
        }
    }

    /**
     * Writes {@code src} at {@code offset} into the clusters of that range that are still
     * unallocated in this image, and leaves the others alone: a stream's copy-on-read, whose
     * data comes from the backing chain and must never overwrite what the guest wrote since.
     * Checked and allocated under the metadata lock, so a racing guest write wins either way.
     * {@code offset} is cluster aligned, and so is the length unless it ends the image.
     */
    public void writeUnallocated(long offset, ByteBuffer src) throws IOException {
        if (isReadOnly()) {
            throw new BlockIOException(BlockIOException.EPERM);
        }
        checkBounds(offset, src.remaining());
        meta.lock();
        try {
            long pos = offset;
            while (src.hasRemaining()) {
                int n = (int) Math.min(src.remaining(), clusterSize - (pos & (clusterSize - 1)));
                if (entry(pos >>> clusterBits) != 0) {
                    src.position(src.position() + n);
                    pos += n;
                    continue;
                }
                long gc = pos >>> clusterBits;
                while (n < src.remaining() && ((gc + 1) & (l2Entries - 1)) != 0 && entry(gc + 1) == 0) {
                    gc++;
                    n = (int) Math.min(src.remaining(), n + (long) clusterSize);
                }
                int limit = src.limit();
                src.limit(src.position() + n);
                try {
                    while (src.hasRemaining()) {
                        pos += allocatingWrite(pos, src);
                    }
                } finally {
                    src.limit(limit);
                }
            }
        } finally {
            meta.unlock();
        }
    }

    /**
     * Rewrites the backing file name and format in the header ({@code qcow2_change_backing_file}),
     * null removing them; the other header extensions are kept. The backing node itself is
     * changed with {@link #setBacking}.
     */
    public void changeBackingFile(String backingFile, String backingFormat) throws IOException {
        byte[] name = backingFile == null ? null : backingFile.getBytes(StandardCharsets.UTF_8);
        if (name != null && name.length > 1023) {
            throw new BlockIOException(BlockIOException.EINVAL);
        }
        meta.lock();
        try {
            ByteBuffer old = ByteBuffer.allocate(clusterSize);
            file.read(0, old);
            int fixed = header.version == 3 ? header.headerLength : Qcow2Header.V2_LENGTH;
            ByteBuffer out = ByteBuffer.allocate(clusterSize);
            out.put(0, old, 0, fixed);
            int p = fixed;
            if (name != null && backingFormat != null) {
                byte[] fmt = backingFormat.getBytes(StandardCharsets.UTF_8);
                out.putInt(p, Qcow2Header.EXT_BACKING_FORMAT).putInt(p + 4, fmt.length).put(p + 8, fmt);
                p += 8 + ((fmt.length + 7) & ~7);
            }
            long end = header.backingFileOffset != 0 ? header.backingFileOffset : clusterSize;
            for (int q = fixed; q + 8 <= end;) {
                int type = old.getInt(q);
                int len = (old.getInt(q + 4) + 7) & ~7;
                if (type == Qcow2Header.EXT_END || len < 0 || q + 8 + len > end) {
                    break;
                }
                if (type != Qcow2Header.EXT_BACKING_FORMAT) {
                    if (p + 8 + len > clusterSize) {
                        throw new BlockIOException(BlockIOException.ENOSPC);
                    }
                    out.put(p, old, q, 8 + len);
                    p += 8 + len;
                }
                q += 8 + len;
            }
            p += 8; // the end-of-extensions marker, zeroes
            long nameOffset = 0;
            if (name != null) {
                if (p + name.length > clusterSize) {
                    throw new BlockIOException(BlockIOException.ENOSPC);
                }
                out.put(p, name);
                nameOffset = p;
            }
            out.putLong(8, nameOffset).putInt(16, name == null ? 0 : name.length);
            file.write(0, out);
            header.backingFileOffset = nameOffset;
            header.backingFileSize = name == null ? 0 : name.length;
            header.backingFile = backingFile;
            header.backingFormat = name == null ? null : backingFormat;
        } finally {
            meta.unlock();
        }
    }

    @Override
    public void close() throws IOException {
        meta.lock();
        meta.unlock();
    }
}
