package org.qmpd.migration.stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PageCacheTest {
    private static final int PAGE = 4096;

    @Test
    void slotCountIsThePowerOfTwoBelowTheSizeInPages() {
        assertEquals(4, new PageCache(7 * PAGE, PAGE).slots());
        assertEquals(16384, new PageCache(64L << 20, PAGE).slots());
    }

    @Test
    void aFreshEntryIsNotEvictedButAStaleOneIs() {
        PageCache cache = new PageCache(4 * PAGE, PAGE);
        byte[] a = new byte[PAGE];
        byte[] b = new byte[PAGE];
        b[0] = 1;
        assertTrue(cache.insert(0, a, 1));
        // page 4 maps to the same slot as page 0: refused while page 0 is fresh
        assertFalse(cache.insert(4L * PAGE, b, 2));
        assertTrue(cache.isCached(0, 2));
        assertTrue(cache.insert(4L * PAGE, b, 4), "two generations without use make it stale");
        assertFalse(cache.isCached(0, 4));
        assertArrayEquals(b, cache.get(4L * PAGE));
        assertEquals(1, cache.items());
    }
}
