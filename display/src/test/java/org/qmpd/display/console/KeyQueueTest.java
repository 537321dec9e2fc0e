package org.qmpd.display.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

class KeyQueueTest {
    private record Event(int number, boolean down, long nanos) {
    }

    @Test
    void pressesGoInOrderAndReleasesInReverseWithTheHoldTimeBetween() throws Exception {
        List<Event> events = new ArrayList<>();
        try (KeyQueue queue = new KeyQueue((n, d) -> {
            synchronized (events) {
                events.add(new Event(n, d, System.nanoTime()));
            }
        })) {
            long start = System.nanoTime();
            queue.sendKeys(List.of(0x1d, 0x38, 0xd3), 30);
            long returned = System.nanoTime();
            assertTrue(returned - start < 20_000_000L, "send-key must not wait for the keys");
            queue.drain();
        }
        assertEquals(List.of("1d+", "38+", "d3+", "d3-", "38-", "1d-"),
                events.stream().map(e -> Integer.toHexString(e.number()) + (e.down() ? "+" : "-")).toList());
        for (int i = 1; i < events.size(); i++) {
            long gap = events.get(i).nanos() - events.get(i - 1).nanos();
            assertTrue(gap >= 29_000_000L, "gap " + gap + " before event " + i);
        }
    }

    @Test
    void aSecondSendWaitsBehindTheFirst() throws Exception {
        List<Integer> order = new ArrayList<>();
        try (KeyQueue queue = new KeyQueue((n, d) -> {
            synchronized (order) {
                order.add(d ? n : -n);
            }
        })) {
            queue.sendKeys(List.of(1), 20);
            queue.sendKeys(List.of(2), 1);
            queue.drain();
        }
        assertEquals(List.of(1, -1, 2, -2), order);
    }
}
