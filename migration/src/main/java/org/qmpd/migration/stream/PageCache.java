package org.qmpd.migration.stream;

/**
 * The source's XBZRLE cache, as QEMU 2.4's {@code page_cache.c}: a direct-mapped table of
 * page copies, {@code pow2floor(size / page)} slots, the slot of a page being its number
 * modulo the slot count. Each entry remembers the dirty-sync generation that last used it; a
 * page may evict another only if that one has not been used for
 * {@value #CACHED_PAGE_LIFETIME} generations. Page copies are allocated on first use, so an
 * idle cache costs nothing. Used by the migration thread only.
 */
public final class PageCache {
    static final int CACHED_PAGE_LIFETIME = 2;

    private final int pageSize;
    private final int slots;
    private final byte[][] data;
    private final long[] address;
    private final long[] age;
    private int items;

    public PageCache(long cacheSize, int pageSize) {
        this.pageSize = pageSize;
        long pages = Math.max(1, cacheSize / pageSize);
        this.slots = (int) Math.min(Long.highestOneBit(pages), 1 << 30);
        this.data = new byte[slots][];
        this.address = new long[slots];
        this.age = new long[slots];
        java.util.Arrays.fill(address, -1);
    }

    private int slot(long addr) {
        return (int) ((addr / pageSize) & (slots - 1));
    }

    /** Whether {@code addr}'s page is cached; a hit refreshes the entry's generation. */
    public boolean isCached(long addr, long generation) {
        int s = slot(addr);
        if (address[s] == addr) {
            age[s] = generation;
            return true;
        }
        return false;
    }

    /** The cached copy of {@code addr}'s page (only after {@link #isCached} said yes); callers may update it in place. */
    public byte[] get(long addr) {
        return data[slot(addr)];
    }

    /**
     * Caches a copy of {@code page} for {@code addr}; false (and nothing cached) if the slot
     * holds another page that is still fresh.
     */
    public boolean insert(long addr, byte[] page, long generation) {
        int s = slot(addr);
        if (data[s] != null && address[s] != addr && age[s] + CACHED_PAGE_LIFETIME > generation) {
            return false;
        }
        if (data[s] == null) {
            data[s] = new byte[pageSize];
            items++;
        }
        System.arraycopy(page, 0, data[s], 0, pageSize);
        age[s] = generation;
        address[s] = addr;
        return true;
    }

    public int slots() {
        return slots;
    }

    /** Pages held now. */
    public int items() {
        return items;
    }
}
