package org.qmpd.core.event;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Field;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.qmpd.core.session.QmpSession;
import org.qmpd.core.session.Sessions;

class EventDispatcherTest {
    private final Sessions sessions = new Sessions();
    private final EventDispatcher bus = new EventDispatcher();
    private final Recorder negotiated = new Recorder();
    private final Recorder negotiating = new Recorder();

    static final class Recorder extends QmpSession {
        final List<String> events = Collections.synchronizedList(new ArrayList<>());

        Recorder() {
            super("test");
        }

        @Override
        public void send(byte[] message) {
            events.add(new String(message, StandardCharsets.US_ASCII));
        }

        @Override
        public void sendEvent(byte[] message) {
            send(message);
        }

        @Override
        public void close() {
        }
    }

    @BeforeEach
    void setUp() throws Exception {
        Field f = EventDispatcher.class.getDeclaredField("sessions");
        f.setAccessible(true);
        f.set(bus, sessions);
        bus.activate();
        negotiated.enterCommandMode();
        sessions.add(negotiated);
        sessions.add(negotiating);
    }

    @AfterEach
    void tearDown() {
        bus.deactivate();
    }

    @Test
    void eventsGoOnlyToSessionsInCommandMode() {
        bus.emit("STOP", null);
        assertEquals(1, negotiated.events.size());
        assertTrue(negotiating.events.isEmpty());
        String e = negotiated.events.get(0);
        assertTrue(e.matches("\\{\"timestamp\": \\{\"seconds\": \\d+, \"microseconds\": \\d+\\}, \"event\": \"STOP\"\\}\r\n"), e);
    }

    @Test
    void dataIsIncludedWhenGiven() {
        bus.emit("BLOCK_WRITE_THRESHOLD", java.util.Map.of("node-name", "n0"));
        assertTrue(negotiated.events.get(0).contains("\"data\": {\"node-name\": \"n0\"}"), negotiated.events.get(0));
    }

    @Test
    void rateLimitedEventsGoOutOncePerSecondWithTheLastOneDelayed() throws Exception {
        for (int i = 1; i <= 5; i++) {
            bus.emit("BALLOON_CHANGE", java.util.Map.of("actual", i));
        }
        bus.emit("STOP", null); // not limited: goes out at once
        assertEquals(2, negotiated.events.size());
        assertTrue(negotiated.events.get(0).contains("\"actual\": 1"));
        long deadline = System.currentTimeMillis() + 3000;
        while (negotiated.events.size() < 3 && System.currentTimeMillis() < deadline) {
            Thread.sleep(20);
        }
        assertEquals(3, negotiated.events.size());
        assertTrue(negotiated.events.get(2).contains("\"actual\": 5"), "the last event of the window, not dropped");
        Thread.sleep(1200);
        assertEquals(3, negotiated.events.size(), "nothing else pending");
        bus.emit("BALLOON_CHANGE", java.util.Map.of("actual", 6));
        assertEquals(4, negotiated.events.size(), "a quiet second later, the next goes out at once");
    }
}
