package org.qmpd.core.dump;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.zip.Deflater;

import org.qmpd.core.api.GuestMemory;

/**
 * Writes the kdump-compressed (diskdump, header version 6) format as QEMU 2.4's
 * {@code create_kdump_vmcore} does, in makedumpfile's flattened form so that the output can be
 * a pipe: a 4 KiB flat header, then records of (big-endian offset, size, data) for the disk
 * dump header, the kdump sub-header, the ELF notes, both page bitmaps (dump level 1: the two
 * are equal, every RAM page is dumpable), the page descriptors and the page data, and an end
 * record of -1, -1. Zero pages share one page of zeros; other pages are zlib-compressed at
 * {@code Z_BEST_SPEED} when that makes them smaller, else stored as they are. The layout of
 * the records follows 2.4's write caches (16 KiB) and bitmap buffers (one page), so the
 * stream has the shape QEMU's has.
 */
public final class KdumpWriter {
    static final int PAGE = GuestMemory.PAGE_SIZE;
    static final int FLAT_HEADER_SIZE = 4096;
    static final int DISK_DUMP_HEADER_SIZE = 464;
    static final int KDUMP_SUB_HEADER_SIZE = 104;
    static final int PAGE_DESC_SIZE = 24;
    static final int DATA_CACHE = PAGE * 4;
    static final int COMPRESSED_ZLIB = 1;
    static final int PFN_BUFBITMAP = 8 * PAGE;

    private final List<GuestPhysBlock> blocks;
    private final byte[] notes;
    private final int nrCpus;
    private final long maxMapnr;
    private final long lenDumpBitmap;
    private final long subHdrBlocks;
    private final long bitmapBlocks;

    public KdumpWriter(List<GuestPhysBlock> blocks, byte[] notes, int nrCpus) {
        this.blocks = blocks;
        this.notes = notes;
        this.nrCpus = nrCpus;
        this.maxMapnr = blocks.get(blocks.size() - 1).end() / PAGE;
        this.lenDumpBitmap = ceil(ceil(maxMapnr, 8), PAGE) * PAGE;
        this.subHdrBlocks = ceil(KDUMP_SUB_HEADER_SIZE + notes.length, PAGE);
        this.bitmapBlocks = ceil(lenDumpBitmap, PAGE) * 2;
    }

    private static long ceil(long n, long d) {
        return (n + d - 1) / d;
    }

    public void write(DumpSink out, GuestMemory memory) throws IOException {
        ByteBuffer flat = ByteBuffer.allocate(FLAT_HEADER_SIZE);
        flat.put("makedumpfile".getBytes(StandardCharsets.US_ASCII));
        flat.position(16);
        flat.putLong(1).putLong(1);
        out.write(flat.array());
        writeHeaders(out);
        long dumpable = writeBitmaps(out);
        writePages(out, memory, dumpable);
        ByteBuffer end = ByteBuffer.allocate(16).putLong(-1).putLong(-1);
        out.write(end.array());
        out.flush();
    }

    /** One flattened record: where the data goes in the rearranged file, then the data. */
    private static void record(DumpSink out, long offset, byte[] data, int length) throws IOException {
        ByteBuffer h = ByteBuffer.allocate(16).putLong(offset).putLong(length);
        out.write(h.array());
        out.write(data, 0, length);
    }

    private void writeHeaders(DumpSink out) throws IOException {
        ByteBuffer dh = ByteBuffer.allocate(DISK_DUMP_HEADER_SIZE).order(ByteOrder.LITTLE_ENDIAN);
        dh.put("KDUMP   ".getBytes(StandardCharsets.US_ASCII));
        dh.putInt(6);
        dh.position(12 + 4 * 65);
        dh.put("x86_64".getBytes(StandardCharsets.US_ASCII));
        dh.position(12 + 6 * 65 + 22);
        dh.putInt(COMPRESSED_ZLIB) // status
                .putInt(PAGE) // block_size
                .putInt((int) subHdrBlocks)
                .putInt((int) bitmapBlocks)
                .putInt((int) Math.min(maxMapnr, 0xFFFF_FFFFL))
                .putInt(0).putInt(0).putInt(0) // total_ram_blocks, device_blocks, written_blocks
                .putInt(0) // current_cpu
                .putInt(nrCpus);
        record(out, 0, dh.array(), DISK_DUMP_HEADER_SIZE);

        long offsetNote = PAGE + KDUMP_SUB_HEADER_SIZE;
        ByteBuffer kh = ByteBuffer.allocate(KDUMP_SUB_HEADER_SIZE).order(ByteOrder.LITTLE_ENDIAN);
        kh.putLong(0) // phys_base
                .putInt(1) // dump_level
                .putInt(0) // split
                .putLong(0).putLong(0) // start_pfn, end_pfn
                .putLong(0).putLong(0) // offset_vmcoreinfo, size_vmcoreinfo
                .putLong(offsetNote).putLong(notes.length)
                .putLong(0).putLong(0) // offset_eraseinfo, size_eraseinfo
                .putLong(0).putLong(0) // start_pfn_64, end_pfn_64
                .putLong(maxMapnr);
        record(out, PAGE, kh.array(), KDUMP_SUB_HEADER_SIZE);
        record(out, offsetNote, notes, notes.length);
    }

    private long offsetBitmap() {
        return (1 + subHdrBlocks) * PAGE;
    }

    private long offsetPage() {
        return (1 + subHdrBlocks + bitmapBlocks) * PAGE;
    }

    /** 2.4's {@code write_dump_bitmap}: a page of bitmap at a time, each written to both bitmaps. */
    private long writeBitmaps(DumpSink out) throws IOException {
        byte[] buf = new byte[PAGE];
        long count = 0;
        long lastPfn = 0;
        for (GuestPhysBlock b : blocks) {
            for (long pfn = b.start() / PAGE; pfn < ceil(b.end(), PAGE); pfn++) {
                setBit(out, buf, lastPfn, pfn, true);
                lastPfn = pfn;
                count++;
            }
        }
        if (count > 0) {
            setBit(out, buf, lastPfn, lastPfn + PFN_BUFBITMAP, false);
        }
        return count;
    }

    private void setBit(DumpSink out, byte[] buf, long lastPfn, long pfn, boolean value) throws IOException {
        long oldOffset = (long) PAGE * (lastPfn / PFN_BUFBITMAP);
        long newOffset = (long) PAGE * (pfn / PFN_BUFBITMAP);
        while (oldOffset < newOffset) {
            record(out, offsetBitmap() + oldOffset, buf, PAGE);
            record(out, offsetBitmap() + lenDumpBitmap + oldOffset, buf, PAGE);
            java.util.Arrays.fill(buf, (byte) 0);
            oldOffset += PAGE;
        }
        int bit = (int) (pfn % PFN_BUFBITMAP);
        if (value) {
            buf[bit / 8] |= (byte) (1 << (bit % 8));
        } else {
            buf[bit / 8] &= (byte) ~(1 << (bit % 8));
        }
    }

    /** A 2.4 {@code DataCache}: data gathered up to 16 KiB, then written as one record. */
    private static final class Cache {
        final DumpSink out;
        final byte[] buf = new byte[DATA_CACHE];
        long offset;
        int size;

        Cache(DumpSink out, long offset) {
            this.out = out;
            this.offset = offset;
        }

        void write(byte[] data, int length) throws IOException {
            if (size + length > buf.length) {
                sync();
            }
            System.arraycopy(data, 0, buf, size, length);
            size += length;
        }

        void sync() throws IOException {
            if (size > 0) {
                record(out, offset, buf, size);
                offset += size;
                size = 0;
            }
        }
    }

    private void writePages(DumpSink out, GuestMemory memory, long dumpable) throws IOException {
        Cache desc = new Cache(out, offsetPage());
        long offsetData = offsetPage() + PAGE_DESC_SIZE * dumpable;
        Cache data = new Cache(out, offsetData);
        byte[] zeroDesc = descriptor(offsetData, PAGE, 0);
        data.write(new byte[PAGE], PAGE);
        offsetData += PAGE;
        byte[] page = new byte[PAGE];
        byte[] compressed = new byte[PAGE * 2];
        Deflater zlib = new Deflater(Deflater.BEST_SPEED);
        try {
            for (GuestPhysBlock b : blocks) {
                for (long addr = b.start(); addr < b.end(); addr += PAGE) {
                    long ram = b.ramOffset() + (addr - b.start());
                    if (memory.isZeroPage(ram / PAGE)) {
                        desc.write(zeroDesc, zeroDesc.length);
                        continue;
                    }
                    memory.read(ram, page, 0, PAGE);
                    zlib.reset();
                    zlib.setInput(page);
                    zlib.finish();
                    int size = zlib.deflate(compressed);
                    boolean smaller = zlib.finished() && size < PAGE;
                    if (smaller) {
                        data.write(compressed, size);
                    } else {
                        size = PAGE;
                        data.write(page, PAGE);
                    }
                    byte[] d = descriptor(offsetData, size, smaller ? COMPRESSED_ZLIB : 0);
                    desc.write(d, d.length);
                    offsetData += size;
                }
            }
        } finally {
            zlib.end();
        }
        desc.sync();
        data.sync();
    }

    private static byte[] descriptor(long offset, int size, int flags) {
        return ByteBuffer.allocate(PAGE_DESC_SIZE).order(ByteOrder.LITTLE_ENDIAN)
                .putLong(offset).putInt(size).putInt(flags).putLong(0).array();
    }
}
