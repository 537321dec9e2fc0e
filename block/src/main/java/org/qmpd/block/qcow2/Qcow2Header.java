package org.qmpd.block.qcow2;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import org.qmpd.block.driver.OpenException;

/**
 * The qcow2 header (versions 2 and 3) as {@code docs/interop/qcow2.txt} lays it out, parsed
 * from the first cluster of the image and validated with the words of 2.4's
 * {@code qcow2_open}, plus the header extensions qmpd understands (backing format).
 */
public final class Qcow2Header {
    public static final int MAGIC = 0x514649fb;
    static final int V2_LENGTH = 72;
    static final int V3_LENGTH = 104;

    static final int EXT_END = 0;
    static final int EXT_BACKING_FORMAT = 0xe2792aca;
    static final int EXT_FEATURE_TABLE = 0x6803f857;

    /** Incompatible feature bits. */
    static final long INCOMPAT_DIRTY = 1;
    static final long INCOMPAT_CORRUPT = 2;
    static final long INCOMPAT_KNOWN = INCOMPAT_DIRTY | INCOMPAT_CORRUPT;
    /** Compatible feature bit: lazy refcounts. */
    static final long COMPAT_LAZY_REFCOUNTS = 1;

    /** Field offsets, for updating single fields in place. */
    static final int OFF_SIZE = 24;
    static final int OFF_L1_SIZE = 36;
    static final int OFF_REFTABLE = 48;
    static final int OFF_INCOMPAT = 72;
    static final int OFF_AUTOCLEAR = 88;

    int version;
    long backingFileOffset;
    int backingFileSize;
    int clusterBits;
    long size;
    int cryptMethod;
    int l1Size;
    long l1TableOffset;
    long refcountTableOffset;
    int refcountTableClusters;
    int nbSnapshots;
    long snapshotsOffset;
    long incompatibleFeatures;
    long compatibleFeatures;
    long autoclearFeatures;
    int refcountOrder = 4;
    int headerLength = V2_LENGTH;
    int compressionType;
    String backingFile;
    String backingFormat;

    int clusterSize() {
        return 1 << clusterBits;
    }

    /**
     * Parses and validates the header in {@code buf} (the first cluster, or as much of the file
     * as exists). {@code fileSize} bounds the tables.
     *
     * @throws OpenException with QEMU's description of what is wrong
     */
    static Qcow2Header parse(ByteBuffer buf, long fileSize, boolean writable) throws OpenException {
        if (buf.limit() < V2_LENGTH) {
            if (buf.limit() >= 4 && buf.getInt(0) == MAGIC) {
                throw new OpenException("Could not read qcow2 header: Input/output error");
            }
            throw new OpenException("Image is not in qcow2 format");
        }
        Qcow2Header h = new Qcow2Header();
        if (buf.getInt(0) != MAGIC) {
            throw new OpenException("Image is not in qcow2 format");
        }
        h.version = buf.getInt(4);
        if (h.version < 2 || h.version > 3) {
            throw new OpenException("Unsupported qcow2 version " + h.version);
        }
        h.backingFileOffset = buf.getLong(8);
        h.backingFileSize = buf.getInt(16);
        h.clusterBits = buf.getInt(20);
        h.size = buf.getLong(24);
        h.cryptMethod = buf.getInt(32);
        h.l1Size = buf.getInt(36);
        h.l1TableOffset = buf.getLong(40);
        h.refcountTableOffset = buf.getLong(48);
        h.refcountTableClusters = buf.getInt(56);
        h.nbSnapshots = buf.getInt(60);
        h.snapshotsOffset = buf.getLong(64);
        if (h.clusterBits < 9 || h.clusterBits > 21) {
            throw new OpenException("Unsupported cluster size: 2^" + h.clusterBits);
        }
        int cs = h.clusterSize();
        if (h.version == 3) {
            if (buf.limit() < V3_LENGTH) {
                throw new OpenException("Could not read qcow2 header: Input/output error");
            }
            h.incompatibleFeatures = buf.getLong(72);
            h.compatibleFeatures = buf.getLong(80);
            h.autoclearFeatures = buf.getLong(88);
            h.refcountOrder = buf.getInt(96);
            h.headerLength = buf.getInt(100);
            if (h.headerLength < V3_LENGTH) {
                throw new OpenException("qcow2 header too short");
            }
            if (h.headerLength > cs) {
                throw new OpenException("qcow2 header exceeds cluster size");
            }
            if (h.headerLength > V3_LENGTH && buf.limit() > V3_LENGTH) {
                h.compressionType = buf.get(104) & 0xff;
            }
        }
        if (h.backingFileOffset > cs) {
            throw new OpenException("Invalid backing file offset");
        }
        long unknown = h.incompatibleFeatures & ~INCOMPAT_KNOWN;
        if (unknown != 0) {
            throw new OpenException("Unsupported qcow2 feature(s): " + featureNames(unknown));
        }
        if ((h.incompatibleFeatures & INCOMPAT_CORRUPT) != 0 && writable) {
            throw new OpenException("qcow2: Image is corrupt; cannot be opened read/write");
        }
        if ((h.incompatibleFeatures & INCOMPAT_DIRTY) != 0 && writable) {
            throw new OpenException("qcow2: Image is dirty (lazy refcounts); repair it with 'qemu-img check -r all'");
        }
        if (h.refcountOrder > 6) {
            throw new OpenException("Reference count entry width too large; may not exceed 64 bits");
        }
        if (h.cryptMethod > 2) {
            throw new OpenException("Unsupported encryption method: " + h.cryptMethod);
        }
        if (h.cryptMethod != 0) {
            throw new OpenException("Encrypted qcow2 images are not supported");
        }
        if (h.size < 0) {
            throw new OpenException("Image is too big");
        }
        if (h.l1Size < 0 || (long) h.l1Size * 8 > 32L * 1024 * 1024) {
            throw new OpenException("Active L1 table too large");
        }
        long l2Entries = cs / 8;
        long needed = ceilDiv(ceilDiv(h.size, cs), l2Entries);
        if (h.l1Size < needed) {
            throw new OpenException("L1 table is too small");
        }
        if ((h.l1TableOffset & (cs - 1)) != 0 || h.l1Size > 0 && h.l1TableOffset + (long) h.l1Size * 8 > fileSize) {
            throw new OpenException("Invalid L1 table offset");
        }
        if (h.refcountTableClusters <= 0 || (h.refcountTableOffset & (cs - 1)) != 0
                || h.refcountTableOffset == 0
                || h.refcountTableOffset + (long) h.refcountTableClusters * cs > fileSize + cs) {
            throw new OpenException("Invalid reference count table offset");
        }
        if (h.nbSnapshots > 0 && (h.snapshotsOffset & (cs - 1)) != 0) {
            throw new OpenException("Invalid snapshot table offset");
        }
        h.parseExtensions(buf);
        if (h.backingFileOffset != 0) {
            if (h.backingFileSize > 1023 || h.backingFileSize <= 0
                    || h.backingFileOffset + h.backingFileSize > buf.limit()) {
                throw new OpenException("Backing file name too long");
            }
            byte[] name = new byte[h.backingFileSize];
            buf.get((int) h.backingFileOffset, name);
            h.backingFile = new String(name, StandardCharsets.UTF_8);
        }
        return h;
    }

    private void parseExtensions(ByteBuffer buf) throws OpenException {
        int pos = version == 3 ? headerLength : V2_LENGTH;
        long end = backingFileOffset != 0 ? backingFileOffset : buf.limit();
        while (pos + 8 <= end && pos + 8 <= buf.limit()) {
            int type = buf.getInt(pos);
            int len = buf.getInt(pos + 4);
            pos += 8;
            if (type == EXT_END) {
                return;
            }
            if (len < 0 || pos + (long) len > buf.limit()) {
                throw new OpenException("Invalid extension length");
            }
            if (type == EXT_BACKING_FORMAT) {
                byte[] fmt = new byte[len];
                buf.get(pos, fmt);
                backingFormat = new String(fmt, StandardCharsets.UTF_8);
            }
            pos += (len + 7) & ~7;
        }
    }

    private static String featureNames(long bits) {
        StringBuilder s = new StringBuilder();
        for (int b = 0; b < 64; b++) {
            if ((bits & (1L << b)) != 0) {
                if (s.length() > 0) {
                    s.append(", ");
                }
                switch (b) {
                    case 2: s.append("External data file"); break;
                    case 3: s.append("Compression type"); break;
                    case 4: s.append("Extended L2 Entries"); break;
                    default: s.append("Unknown incompatible feature: ").append(Long.toHexString(1L << b));
                }
            }
        }
        return s.toString();
    }

    static long ceilDiv(long a, long b) {
        return (a + b - 1) / b;
    }

    /** Serialises the fixed header (72 or {@code headerLength} bytes) into {@code buf} at 0. */
    void write(ByteBuffer buf) {
        buf.putInt(0, MAGIC);
        buf.putInt(4, version);
        buf.putLong(8, backingFileOffset);
        buf.putInt(16, backingFileSize);
        buf.putInt(20, clusterBits);
        buf.putLong(24, size);
        buf.putInt(32, cryptMethod);
        buf.putInt(36, l1Size);
        buf.putLong(40, l1TableOffset);
        buf.putLong(48, refcountTableOffset);
        buf.putInt(56, refcountTableClusters);
        buf.putInt(60, nbSnapshots);
        buf.putLong(64, snapshotsOffset);
        if (version == 3) {
            buf.putLong(72, incompatibleFeatures);
            buf.putLong(80, compatibleFeatures);
            buf.putLong(88, autoclearFeatures);
            buf.putInt(96, refcountOrder);
            buf.putInt(100, headerLength);
        }
    }
}
