package org.qmpd.display.console;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The keyboard event queue of QEMU 2.4's {@code qemu_input_event_send_key} and
 * {@code qemu_input_event_send_key_delay}: {@code send-key} queues every key-down in order
 * and then every key-up in reverse order, with a delay after each event. An event is delivered
 * at once when nothing is queued before it; otherwise it waits for the delays ahead of it. The
 * caller never waits: a worker thread delivers the events. As in QEMU, at most
 * {@value #LIMIT} events may wait; more are dropped.
 */
public final class KeyQueue implements AutoCloseable {
    /** Receives the events, on the queue's thread. */
    @FunctionalInterface
    public interface Sink {
        void key(int number, boolean down);
    }

    static final int LIMIT = 1024;

    private record Event(int number, boolean down, long holdNanos) {
    }

    private final Sink sink;
    private final Deque<Event> queue = new ArrayDeque<>();
    private final Thread worker;
    /** When the delay after the last delivered event runs out (QEMU's pending delay item). */
    private long notBefore = System.nanoTime();
    private boolean busy;
    private boolean closed;

    public KeyQueue(Sink sink) {
        this.sink = sink;
        this.worker = new Thread(this::run, "qmpd-keyboard");
        worker.setDaemon(true);
        worker.start();
    }

    /**
     * Queues a press of every key of {@code numbers} in order, then their releases in reverse
     * order, each followed by {@code holdMillis}.
     */
    public synchronized void sendKeys(List<Integer> numbers, long holdMillis) {
        long hold = TimeUnit.MILLISECONDS.toNanos(holdMillis);
        for (int number : numbers) {
            enqueue(new Event(number, true, hold));
        }
        for (int i = numbers.size() - 1; i >= 0; i--) {
            enqueue(new Event(numbers.get(i), false, hold));
        }
        notifyAll();
    }

    private void enqueue(Event e) {
        if (queue.size() < LIMIT) {
            queue.add(e);
        }
    }

    /** Waits until every queued event has been delivered (for tests and migration). */
    public synchronized void drain() throws InterruptedException {
        while (!queue.isEmpty() || busy) {
            wait();
        }
    }

    private void run() {
        while (true) {
            Event next;
            synchronized (this) {
                busy = false;
                notifyAll();
                while (!closed && (queue.isEmpty() || notBefore - System.nanoTime() > 0)) {
                    try {
                        if (queue.isEmpty()) {
                            wait();
                        } else {
                            TimeUnit.NANOSECONDS.timedWait(this, Math.max(1, notBefore - System.nanoTime()));
                        }
                    } catch (InterruptedException e) {
                        return;
                    }
                }
                if (closed) {
                    return;
                }
                next = queue.poll();
                busy = true;
            }
            sink.key(next.number(), next.down());
            synchronized (this) {
                notBefore = System.nanoTime() + next.holdNanos();
            }
        }
    }

    @Override
    public synchronized void close() {
        closed = true;
        notifyAll();
    }
}
