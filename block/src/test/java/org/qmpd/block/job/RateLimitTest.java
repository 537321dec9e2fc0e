package org.qmpd.block.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The speed limit: the waits add up to exactly the time the data is worth. */
class RateLimitTest {
    @Test
    void waitsAddUpToBytesOverSpeed() {
        RateLimit r = new RateLimit();
        r.setSpeed(1 << 20);
        long first = r.delayAfter(256 << 10);
        assertTrue(Math.abs(first - 250_000_000L) < 20_000_000L, "a quarter MiB at 1 MiB/s is worth 250 ms: " + first);
        long second = r.delayAfter(256 << 10);
        assertTrue(Math.abs(second - 500_000_000L) < 20_000_000L, "the second chunk waits behind the first: " + second);
    }

    @Test
    void lateChunksAreMadeUpButIdleTimeEarnsAtMostATenthOfASecond() throws Exception {
        RateLimit r = new RateLimit();
        r.setSpeed(1 << 20);
        long first = r.delayAfter(64 << 10);
        Thread.sleep(first / 1_000_000 + 30);
        long second = r.delayAfter(64 << 10);
        assertTrue(second < 62_500_000L - 20_000_000L, "30 ms overslept are made up on the next chunk: " + second);
        Thread.sleep(500);
        long afterIdle = r.delayAfter(256 << 10);
        assertTrue(afterIdle > 250_000_000L - 110_000_000L, "half a second idle buys at most 100 ms: " + afterIdle);
    }

    @Test
    void noLimitMeansNoWaitAndChunksFollowTheSpeed() {
        RateLimit r = new RateLimit();
        assertEquals(0, r.delayAfter(1 << 30));
        assertEquals(4 << 20, r.chunk(65536, 4 << 20));
        r.setSpeed(1 << 20);
        assertEquals(65536, r.chunk(65536, 4 << 20), "a tenth of a second at 1 MiB/s, rounded to a cluster");
        r.setSpeed(10 << 20);
        assertEquals(1048576, r.chunk(65536, 4 << 20));
        r.setSpeed(100 << 20);
        assertEquals(4 << 20, r.chunk(65536, 4 << 20));
    }
}
