package org.qmpd.block.bitmap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** Dirty bitmaps: counts in bytes, granularity rounding, and the successor protocol of backups. */
class DirtyBitmapsTest {
    @Test
    void countIsDirtyChunksTimesGranularityAsTheTranscriptShows() {
        // dirty_bitmaps.jsonl: writes at 0 (64k) and 1M (4k) on a 64 MiB disk
        DirtyBitmaps list = new DirtyBitmaps();
        DirtyBitmap bm0 = list.create("bm0", 65536, 64 << 20);
        DirtyBitmap bm1 = list.create("bm1", 131072, 64 << 20);
        DirtyBitmap big = list.create("big", 1L << 31, 64 << 20);
        list.markWrite(0, 65536);
        list.markWrite(1 << 20, 4096);
        assertEquals(131072, bm0.countBytes());
        assertEquals(262144, bm1.countBytes());
        assertEquals(2147483648L, big.countBytes());
        assertEquals(bm1, list.all().get(1), "newest first");
    }

    @Test
    void successorTakesTheWritesAndAbdicatesOnSuccess() {
        DirtyBitmaps list = new DirtyBitmaps();
        DirtyBitmap parent = list.create("b", 65536, 1 << 20);
        list.markWrite(0, 1);
        DirtyBitmap succ = list.createSuccessor(parent);
        assertEquals(DirtyBitmap.Status.frozen, parent.status());
        assertNull(succ.name());
        list.markWrite(65536 * 3, 1);
        assertEquals(65536, parent.countBytes(), "a frozen bitmap records nothing");
        assertEquals(65536, succ.countBytes());
        assertThrows(IllegalStateException.class, () -> list.createSuccessor(parent));
        DirtyBitmap after = list.abdicate(parent);
        assertSame(succ, after);
        assertEquals("b", after.name());
        assertSame(after, list.find("b"));
        assertEquals(1, list.all().size());
        assertEquals(DirtyBitmap.Status.active, after.status());
    }

    @Test
    void reclaimMergesTheSuccessorBackOnFailure() {
        DirtyBitmaps list = new DirtyBitmaps();
        DirtyBitmap parent = list.create("b", 65536, 1 << 20);
        list.markWrite(0, 1);
        list.createSuccessor(parent);
        list.markWrite(65536 * 5, 70000);
        DirtyBitmap back = list.reclaim(parent);
        assertSame(parent, back);
        assertEquals(3 * 65536, parent.countBytes());
        assertEquals(1, list.all().size());
        assertEquals(DirtyBitmap.Status.active, parent.status());
        assertEquals(0, parent.nextDirty(0));
        assertEquals(65536 * 5, parent.nextDirty(65536));
    }

    @Test
    void disabledBitmapsRecordNothing() {
        DirtyBitmaps list = new DirtyBitmaps();
        DirtyBitmap b = list.create("d", 512, 4096);
        b.setEnabled(false);
        list.markWrite(0, 4096);
        assertEquals(0, b.countBytes());
        assertEquals(DirtyBitmap.Status.disabled, b.status());
    }
}
