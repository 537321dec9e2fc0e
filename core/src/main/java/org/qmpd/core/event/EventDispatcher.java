package org.qmpd.core.event;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.node.ObjectNode;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.qmpd.core.api.EventBus;
import org.qmpd.core.json.Json;
import org.qmpd.core.session.EncodedEvent;
import org.qmpd.core.session.QmpSession;
import org.qmpd.core.session.Sessions;

/**
 * The {@link EventBus}: stamps each event with the wall-clock time, encodes it once and queues
 * it on every session in command mode, under one lock so all sessions see one order.
 *
 * <p>Rate limiting follows 2.4's {@code monitor_qapi_event_queue}, per event name: the first
 * event goes out at once and opens a one-second window; events inside the window replace one
 * another as the pending event, which goes out (with its own timestamp) when the window ends
 * and opens the next one.
 */
@Component(service = {EventBus.class, EventDispatcher.class})
public final class EventDispatcher implements EventBus {
    /** The events 2.4 limits to one per second ({@code monitor_qapi_event_init}). */
    static final Set<String> RATE_LIMITED = Set.of(
            "RTC_CHANGE", "WATCHDOG", "BALLOON_CHANGE", "QUORUM_REPORT_BAD", "QUORUM_FAILURE", "VSERPORT_CHANGE");
    static final long RATE_NS = TimeUnit.SECONDS.toNanos(1);

    @Reference
    private Sessions sessions;
    private final Map<String, Window> windows = new HashMap<>();
    private ScheduledExecutorService timer;

    /** The throttle state of one rate-limited event. */
    private static final class Window {
        long last;
        EncodedEvent pending;
    }

    @Activate
    void activate() {
        ScheduledThreadPoolExecutor t = new ScheduledThreadPoolExecutor(1, r -> {
            Thread thread = new Thread(r, "qmpd-event-timer");
            thread.setDaemon(true);
            return thread;
        });
        t.setRemoveOnCancelPolicy(true);
        timer = t;
    }

    @Deactivate
    void deactivate() {
        timer.shutdownNow();
    }

    @Override
    public void emit(String name, Object data) {
        EncodedEvent message = encode(name, data, Instant.now());
        if (!RATE_LIMITED.contains(name)) {
            deliver(message);
            return;
        }
        long now = System.nanoTime();
        synchronized (windows) {
            Window w = windows.computeIfAbsent(name, k -> new Window());
            boolean inWindow = w.last != 0 && now - w.last < RATE_NS;
            if (w.pending != null || inWindow) {
                if (w.pending == null) {
                    timer.schedule(() -> flushPending(name), w.last + RATE_NS - now, TimeUnit.NANOSECONDS);
                }
                w.pending = message;
                return;
            }
            w.last = now;
        }
        deliver(message);
    }

    private void flushPending(String name) {
        EncodedEvent message;
        synchronized (windows) {
            Window w = windows.get(name);
            message = w.pending;
            w.pending = null;
            w.last = System.nanoTime();
        }
        if (message != null) {
            deliver(message);
        }
    }

    static EncodedEvent encode(String name, Object data, Instant when) {
        ObjectNode event = Json.object();
        event.put("event", name);
        if (data != null) {
            event.set("data", Json.toTree(data));
        }
        ObjectNode timestamp = event.putObject("timestamp");
        timestamp.put("seconds", when.getEpochSecond());
        timestamp.put("microseconds", when.getNano() / 1000);
        return new EncodedEvent(event);
    }

    private synchronized void deliver(EncodedEvent message) {
        for (QmpSession session : sessions.all()) {
            if (session.inCommandMode()) {
                session.sendEvent(message);
            }
        }
    }
}
