package org.qmpd.migration.stream;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import org.qmpd.core.api.GuestMemory;

/**
 * The destination's reading of a stream ({@code migration/STREAM.md}): the header is checked
 * against this machine's RAM, then RAM records are applied as they come, whole and compressed
 * pages through the {@link PageWriters}, and device-state sections handed to a {@link Sections}
 * sink, until {@link StreamFormat#END}. Every malformed input is a {@link LoadException}.
 */
public final class StreamLoader implements AutoCloseable {
    private static final int PAGE = GuestMemory.PAGE_SIZE;
    private static final ByteBuffer ZERO_PAGE = ByteBuffer.allocateDirect(PAGE);

    /** Receives each device-state section in stream order. */
    public interface Sections {
        void section(String id, int version, byte[] data) throws IOException;
    }

    /** What the header says about the source. */
    public record Header(int flags, long ramSize) {
        public boolean returnPath() {
            return (flags & StreamFormat.FLAG_RETURN_PATH) != 0;
        }
    }

    private final GuestMemory ram;
    private final StreamReader in;
    private final PageWriters pool;
    private final byte[] page = new byte[PAGE];
    private final byte[] delta = new byte[PAGE];

    public StreamLoader(GuestMemory ram, StreamReader in, int decompressThreads) {
        this.ram = ram;
        this.in = in;
        this.pool = new PageWriters(ram, decompressThreads);
    }

    public Header readHeader() throws IOException {
        byte[] magic = new byte[StreamFormat.MAGIC.length];
        in.get(magic, 0, magic.length);
        if (!Arrays.equals(magic, StreamFormat.MAGIC)) {
            throw LoadException.invalid("Not a migration stream");
        }
        int version = in.getInt();
        if (version != StreamFormat.VERSION) {
            throw new LoadException("Unsupported migration stream version", "Not supported");
        }
        int flags = in.getByte();
        byte[] id = new byte[in.getByte()];
        in.get(id, 0, id.length);
        String block = new String(id, StandardCharsets.US_ASCII);
        long size = in.getLong();
        int pageSize = in.getInt();
        if (!block.equals(StreamFormat.RAM_BLOCK)) {
            throw LoadException.invalid("Unknown ramblock \"" + block + "\", cannot accept migration");
        }
        if (size != ram.size()) {
            throw LoadException.invalid("Length mismatch: " + block + ": 0x" + Long.toHexString(size)
                    + " in != 0x" + Long.toHexString(ram.size()) + ": Invalid argument");
        }
        if (pageSize != PAGE) {
            throw LoadException.invalid("Unsupported target page size " + pageSize);
        }
        return new Header(flags, size);
    }

    /** Applies records until {@link StreamFormat#END}; every page is in RAM when it returns. */
    public void load(Sections sections) throws IOException {
        long pages = ram.pageCount();
        while (true) {
            int type = in.getByte();
            switch (type) {
                case StreamFormat.ZERO_PAGES: {
                    long first = in.getLong();
                    long count = in.getInt() & 0xffffffffL;
                    checkRange(first, count, pages);
                    for (long p = first, end = first + count; p < end; p++) {
                        p += ram.countZeroPages(p, end - p);
                        if (p < end) {
                            ram.write(p * PAGE, ZERO_PAGE.duplicate());
                        }
                    }
                    break;
                }
                case StreamFormat.PAGES: {
                    long first = in.getLong();
                    long count = in.getInt() & 0xffffffffL;
                    checkRange(first, count, pages);
                    pool.write(first, count, in);
                    break;
                }
                case StreamFormat.XBZRLE_PAGE:
                    loadXbzrle(pages);
                    break;
                case StreamFormat.COMPRESSED_PAGE: {
                    long p = in.getLong();
                    int len = in.getInt();
                    checkRange(p, 1, pages);
                    if (len < 0 || len > StreamFormat.MAX_COMPRESSED) {
                        throw LoadException.invalid("Invalid compressed data length: " + len);
                    }
                    pool.addCompressed(p, len, in);
                    break;
                }
                case StreamFormat.SYNC:
                    in.getInt();
                    pool.drain();
                    break;
                case StreamFormat.SECTION: {
                    byte[] id = new byte[in.getByte()];
                    in.get(id, 0, id.length);
                    int version = in.getInt();
                    int len = in.getInt();
                    if (len < 0) {
                        throw LoadException.invalid("Invalid section length " + len);
                    }
                    byte[] data = new byte[len];
                    in.get(data, 0, len);
                    sections.section(new String(id, StandardCharsets.UTF_8), version, data);
                    break;
                }
                case StreamFormat.END:
                    pool.drain();
                    return;
                default:
                    throw LoadException.invalid("Unknown combination of migration flags: 0x" + Integer.toHexString(type));
            }
        }
    }

    /** 2.4's {@code load_xbzrle}: the delta applies to the page as this side has it. */
    private void loadXbzrle(long pages) throws IOException {
        long p = in.getLong();
        int len = in.getShort();
        checkRange(p, 1, pages);
        if (len > PAGE) {
            throw LoadException.invalid("Failed to load XBZRLE page - len overflow!");
        }
        in.get(delta, 0, len);
        ram.read(p * PAGE, ByteBuffer.wrap(page));
        if (Xbzrle.decode(delta, len, page, PAGE) < 0) {
            throw LoadException.invalid("Failed to load XBZRLE page - decode error!");
        }
        ram.write(p * PAGE, ByteBuffer.wrap(page));
    }

    private static void checkRange(long first, long count, long pages) throws LoadException {
        if (first < 0 || count < 0 || first + count > pages) {
            throw LoadException.invalid("Illegal RAM offset 0x" + Long.toHexString(first * PAGE));
        }
    }

    @Override
    public void close() {
        pool.close();
    }
}
