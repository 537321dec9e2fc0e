package org.qmpd.core.api;

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
