package org.qmpd.block.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

/** The cases of QEMU 2.4's {@code tests/test-write-threshold.c}, plus the one-shot rule. */
class WriteThresholdTest {
    @Test
    void notSetOnInit() {
        WriteThreshold t = new WriteThreshold();
        assertFalse(t.isEnabled());
        assertEquals(0, t.get());
    }

    @Test
    void setGet() {
        WriteThreshold t = new WriteThreshold();
        t.set(1024 * 1024);
        assertEquals(1024 * 1024, t.get());
    }

    @Test
    void multiSetGet() {
        WriteThreshold t = new WriteThreshold();
        t.set(131072);
        t.set(262144);
        t.set(1024 * 1024);
        assertEquals(1024 * 1024, t.get());
    }

    @Test
    void notTrigger() {
        assertEquals(0, WriteThreshold.exceeded(4 * 1024 * 1024, 1024, 1024));
        WriteThreshold t = new WriteThreshold();
        t.set(4 * 1024 * 1024);
        assertNull(t.check(1024, 1024));
    }

    @Test
    void triggerOnceWithTheAmount() {
        WriteThreshold t = new WriteThreshold();
        t.set(4 * 1024 * 1024);
        WriteThreshold.Crossing c = t.check(4 * 1024 * 1024 - 1024, 2 * 1024);
        assertEquals(1024, c.amountExceeded());
        assertEquals(4 * 1024 * 1024, c.threshold());
        assertEquals(0, t.get(), "one shot: disabled after firing");
        assertNull(t.check(8 * 1024 * 1024, 4096));
    }

    @Test
    void aWriteEndingExactlyAtTheThresholdDoesNotTrigger() {
        WriteThreshold t = new WriteThreshold();
        t.set(8 * 1024 * 1024);
        assertNull(t.check(8 * 1024 * 1024 - 65536, 65536));
        // write_threshold.jsonl: 64k at 8320k over 8 MiB exceeds by 196608
        assertEquals(196608, t.check(8320 * 1024, 65536).amountExceeded());
    }
}
