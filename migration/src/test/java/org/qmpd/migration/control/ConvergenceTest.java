package org.qmpd.migration.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ConvergenceTest {
    private static final long MS = 1_000_000L;

    @Test
    void convergesWhenWhatRemainsFitsHalfTheDowntimeAtTheMeasuredBandwidth() {
        Convergence c = new Convergence(0, 0, 0);
        c.tick(100 * MS, 100_000_000L, 100_000_000L); // 1 MB per ms
        assertTrue(c.converged(150_000_000L, 300 * MS));
        assertFalse(c.converged(150_000_001L, 300 * MS));
        assertEquals(8000.0, c.mbps(), 0.001);
    }

    @Test
    void theRateIsOfGuestRamNotOfWireBytes() {
        Convergence c = new Convergence(0, 0, 0);
        // compressed 4:1: 25 MB on the wire carried 100 MB of pages in 100 ms
        c.tick(100 * MS, 25_000_000L, 100_000_000L);
        assertTrue(c.converged(150_000_000L, 300 * MS));
        assertEquals(2000.0, c.mbps(), 0.001);
    }

    @Test
    void theSlowerOfTheLastWindowAndTheLastPassCounts() {
        Convergence c = new Convergence(0, 0, 0);
        c.tick(900 * MS, 100_000_000L, 100_000_000L);
        c.tick(1000 * MS, 200_000_000L, 200_000_000L); // the last window is fast: 1 MB per ms
        c.sync(1005 * MS, 200_000_000L, 200_000_000L, 0, false); // but the pass averaged 0.199 MB per ms
        assertTrue(c.converged(29_000_000L, 300 * MS));
        assertFalse(c.converged(31_000_000L, 300 * MS));
    }

    @Test
    void autoConvergeRaisesTheThrottleProgressivelyWhenDirtyingOutpacesSending() {
        Convergence c = new Convergence(0, 0, 0);
        long t = 0;
        long bytes = 0;
        int raised = 0;
        for (int period = 1; period <= 8; period++) {
            t += 1000 * MS;
            bytes += 10_000_000L; // 10 MB sent per second, 40 MB dirtied per second
            if (c.sync(t, bytes, bytes, 10_000, true)) {
                raised++;
            }
        }
        assertEquals(4, raised, "every second period");
        assertEquals(50, c.throttle(), "20% then 10% more each time");
        assertEquals(10_000, c.dirtyPagesRate());
    }

    @Test
    void withoutAutoConvergeNothingIsThrottled() {
        Convergence c = new Convergence(0, 0, 0);
        for (int period = 1; period <= 8; period++) {
            assertFalse(c.sync(period * 1000 * MS, period * 10_000_000L, period * 10_000_000L, 10_000, false));
        }
        assertEquals(0, c.throttle());
    }

    @Test
    void expectedDowntimeIsTheLimitBeforeAnythingIsMeasured() {
        assertEquals(300, new Convergence(0, 0, 0).expectedDowntimeMs(300 * MS));
    }
}
