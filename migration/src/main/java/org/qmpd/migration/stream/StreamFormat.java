package org.qmpd.migration.stream;

import java.nio.charset.StandardCharsets;

/**
 * The constants of qmpd's migration stream; {@code migration/STREAM.md} is the specification.
 * All integers are big-endian.
 */
public final class StreamFormat {
    /** The first eight bytes of every stream. */
    public static final byte[] MAGIC = "QMPDMIG\n".getBytes(StandardCharsets.US_ASCII);
    public static final int VERSION = 1;
    /** Header flag: the source reads the return path and waits for the destination's verdict. */
    public static final int FLAG_RETURN_PATH = 1;
    /** The one RAM block, named as QEMU's pc machines name it. */
    public static final String RAM_BLOCK = "pc.ram";

    /** A run of zero pages: be64 first page, be32 count. */
    public static final int ZERO_PAGES = 0x01;
    /** A run of pages as they are: be64 first page, be32 count, count pages of bytes. */
    public static final int PAGES = 0x02;
    /** One page as an XBZRLE delta: be64 page, be16 length, the delta. */
    public static final int XBZRLE_PAGE = 0x03;
    /** One page compressed with zlib: be64 page, be32 length, zlib data (header and adler32). */
    public static final int COMPRESSED_PAGE = 0x04;
    /** The end of a pass over the dirty pages: be32 pass number. */
    public static final int SYNC = 0x05;
    /** A device-state section: u8 id length, id, be32 version, be32 length, the section's bytes. */
    public static final int SECTION = 0x10;
    /** The end of the stream: the destination checks, loads the sections and answers. */
    public static final int END = 0xFF;

    /** Return path: everything was loaded. */
    public static final int REPLY_OK = 0x01;
    /** Return path: the destination failed; be16 length and its message in UTF-8 follow. */
    public static final int REPLY_FAILED = 0x02;

    /** The section carrying the source's run state, as QEMU's {@code globalstate}. */
    public static final String GLOBAL_STATE = "globalstate";

    /** zlib's {@code compressBound(4096)}: the longest compressed page a destination accepts. */
    public static final int MAX_COMPRESSED = 4096 + (4096 >> 12) + (4096 >> 14) + (4096 >> 25) + 13;

    private StreamFormat() {
    }
}
