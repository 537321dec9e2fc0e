package org.qmpd.core.api;

import java.nio.ByteBuffer;

/**
 * The guest's RAM ({@code -m}), owned by the core: {@link #size()} bytes of zero-initialized
 * memory that the guest workload, migration, dumps and the balloon read and write. Access is
 * thread-safe at byte granularity (a page read concurrent with a write may see either
 * version, as a real guest's memory would). Every write marks its pages dirty in each open
 * {@link DirtyLog}.
 */
public interface GuestMemory {
    /** QEMU's {@code TARGET_PAGE_SIZE} on x86. */
    int PAGE_SIZE = 4096;

    long size();

    default long pageCount() {
        return size() / PAGE_SIZE;
    }

    void read(long address, byte[] dst, int offset, int length);

    void write(long address, byte[] src, int offset, int length);

    /** Whether every byte of page {@code page} is zero (fast for pages never written). */
    boolean isZeroPage(long page);

    /**
     * How many pages from {@code page} on, at most {@code max}, are zero: {@link #isZeroPage} in
     * bulk, for the zero runs of a migration. It never counts a page that is not zero, but may
     * stop early at one that is: an implementation may answer only from what it knows without
     * reading guest RAM (pages never written), and leave the rest to the caller.
     */
    default long countZeroPages(long page, long max) {
        long n = 0;
        while (n < max && isZeroPage(page + n)) {
            n++;
        }
        return n;
    }

    /**
     * Reads {@code dst.remaining()} bytes of RAM from {@code address} into {@code dst}, which may
     * be direct: the bulk path of an outgoing migration, which may read from the backing store
     * without faulting pages into this process.
     */
    default void read(long address, ByteBuffer dst) {
        byte[] chunk = new byte[Math.min(dst.remaining(), 1 << 20)];
        while (dst.hasRemaining()) {
            int n = Math.min(chunk.length, dst.remaining());
            read(address, chunk, 0, n);
            dst.put(chunk, 0, n);
            address += n;
        }
    }

    /**
     * Writes the remaining bytes of {@code src} at {@code address}, exactly as
     * {@link #write(long, byte[], int, int)} does (pages marked dirty), from a buffer that may be
     * direct: the bulk path of an incoming migration, which need not copy into an array.
     */
    default void write(long address, ByteBuffer src) {
        byte[] chunk = new byte[Math.min(src.remaining(), 1 << 20)];
        while (src.hasRemaining()) {
            int n = Math.min(chunk.length, src.remaining());
            src.get(chunk, 0, n);
            write(address, chunk, 0, n);
            address += n;
        }
    }

    /** Starts recording which pages are written, until the log is closed. */
    DirtyLog startDirtyLog();

    /** Pages written while the log is open, as QEMU's dirty bitmap for migration. */
    interface DirtyLog extends AutoCloseable {
        /**
         * The pages dirtied since the previous call (or since the log was opened), as a bitmap
         * of {@code pageCount()} bits in 64-bit words, bit {@code p % 64} of word {@code p / 64};
         * the log is cleared at the same time.
         */
        long[] sync();

        @Override
        void close();
    }
}
