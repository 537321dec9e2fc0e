package org.qmpd.migration.workload;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

import org.qmpd.core.api.GuestMemory;

/**
 * The SHA-256 of the whole guest RAM, page after page: what a test compares on the source and
 * the destination of a migration (it equals {@code sha256sum} of a raw dump of the RAM).
 * Zero pages are hashed without being read, so never-touched RAM costs no memory.
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
            if (ram.isZeroPage(p)) {
                sha.update(zero);
                zeroPages++;
                p++;
                continue;
            }
            int run = 1;
            while (run < 256 && p + run < pages && !ram.isZeroPage(p + run)) {
                run++;
            }
            ram.read(p * page, buf, 0, run * page);
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
