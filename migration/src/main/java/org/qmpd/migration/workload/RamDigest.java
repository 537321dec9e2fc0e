package org.qmpd.migration.workload;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

import org.qmpd.core.api.GuestMemory;

/**
 * The SHA-256 of the whole guest RAM, page after page: what a test compares on the source and
 * the destination of a migration (it equals {@code sha256sum} of a raw dump of the RAM).
 * Pages never written are hashed without being read, so never-touched RAM costs no memory;
 * the others are read in runs through {@link GuestMemory#read(long, java.nio.ByteBuffer)}.
 */
public final class RamDigest {
    /** The digest in hex, the RAM size and how many of its pages are zero. */
    public record Result(String sha256, long size, long zeroPages) {
    }

    private RamDigest() {
    }

    public static Result of(GuestMemory ram) {
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        int page = GuestMemory.PAGE_SIZE;
        byte[] zero = new byte[page];
        byte[] buf = new byte[256 * page];
        long pages = ram.pageCount();
        long zeroPages = 0;
        long p = 0;
        while (p < pages) {
            long never = ram.countZeroPages(p, pages - p);
            for (long i = 0; i < never; i++) {
                sha.update(zero);
            }
            zeroPages += never;
            p += never;
            if (p == pages) {
                break;
            }
            int run = 1;
            while (run < 256 && p + run < pages && ram.countZeroPages(p + run, 1) == 0) {
                run++;
            }
            ram.read(p * page, java.nio.ByteBuffer.wrap(buf, 0, run * page));
            for (int i = 0; i < run; i++) {
                if (java.util.Arrays.mismatch(buf, i * page, (i + 1) * page, zero, 0, page) < 0) {
                    zeroPages++;
                }
            }
            sha.update(buf, 0, run * page);
            p += run;
        }
        StringBuilder hex = new StringBuilder(64);
        for (byte b : sha.digest()) {
            hex.append(Character.forDigit((b >> 4) & 0xf, 16)).append(Character.forDigit(b & 0xf, 16));
        }
        return new Result(hex.toString(), ram.size(), zeroPages);
    }
}
