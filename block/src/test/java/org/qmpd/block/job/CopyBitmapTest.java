package org.qmpd.block.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.junit.jupiter.api.Test;

/** The backup's copy bitmap: each cluster copied once, and a guest write never overtakes a copy in flight. */
class CopyBitmapTest {
    @Test
    void theJobClaimsRunsOfClustersStillToCopyAndSkipsThoseInFlight() {
        CopyBitmap b = new CopyBitmap(200, true);
        CopyBitmap.Run r = b.claimNext(0, 64);
        assertEquals(new CopyBitmap.Run(0, 64), r);
        CopyBitmap.Run r2 = b.claimNext(0, 100);
        assertEquals(new CopyBitmap.Run(64, 164), r2, "in-flight clusters are skipped");
        b.done(r);
        b.release(r2);
        assertEquals(136, b.remaining());
        assertEquals(new CopyBitmap.Run(64, 200), b.claimNext(0, 1000), "a released run is to copy again");
    }

    @Test
    void aGuestWriteClaimsOnlyWhatIsStillToCopy() throws Exception {
        CopyBitmap b = new CopyBitmap(10, false);
        b.mark(2, 4);
        b.mark(6, 7);
        List<CopyBitmap.Run> runs = b.claimRange(0, 9);
        assertEquals(List.of(new CopyBitmap.Run(2, 4), new CopyBitmap.Run(6, 7)), runs);
        runs.forEach(b::done);
        assertEquals(0, b.remaining());
        assertTrue(b.claimRange(0, 9).isEmpty(), "copied clusters are never copied again");
        assertNull(b.claimNext(0, 10));
    }

    @Test
    void aGuestWriteWaitsForTheCopyInFlightOverItsRange() throws Exception {
        CopyBitmap b = new CopyBitmap(8, true);
        CopyBitmap.Run job = b.claimNext(2, 2);
        CompletableFuture<List<CopyBitmap.Run>> guest = CompletableFuture.supplyAsync(() -> {
            try {
                return b.claimRange(3, 4);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        try {
            guest.get(200, TimeUnit.MILLISECONDS);
            throw new AssertionError("the write went ahead while its cluster was being read");
        } catch (TimeoutException expected) {
            // still waiting
        }
        b.done(job);
        assertEquals(List.of(new CopyBitmap.Run(4, 5)), guest.get(5, TimeUnit.SECONDS),
                "cluster 3 was copied by the job; the write copies cluster 4 itself");
    }

    @Test
    void closeWaitsForCopiesInFlightAndStopsNewClaims() throws Exception {
        CopyBitmap b = new CopyBitmap(4, true);
        CopyBitmap.Run r = b.claimNext(0, 1);
        CompletableFuture<Void> closing = CompletableFuture.runAsync(() -> {
            try {
                b.close();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        Thread.sleep(100);
        assertFalse(closing.isDone());
        b.done(r);
        closing.get(5, TimeUnit.SECONDS);
        assertTrue(b.claimRange(0, 3).isEmpty());
        assertNull(b.claimNext(0, 4));
    }
}
