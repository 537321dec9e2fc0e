package org.qmpd.core.dispatch;

import java.util.concurrent.CountDownLatch;

import org.osgi.service.component.annotations.Component;

/**
 * Holds clients' commands until start-up is over, as QEMU does by not running its main loop
 * before {@code main} has carried out the whole command line: a client that connects to a
 * monitor while {@code -drive} and {@code -device} are still being applied gets its greeting
 * at once, but its commands run only once the machine is complete. The gate closes when the
 * launcher sends its first request and opens with {@code x-launch-start}; without a launcher
 * (an OSGi container of someone else's) it never closes.
 */
@Component(service = StartupGate.class)
public final class StartupGate {
    private final CountDownLatch open = new CountDownLatch(1);
    private volatile boolean launching;

    /** The launcher has begun carrying out the command line. */
    void begin() {
        if (open.getCount() > 0) {
            launching = true;
        }
    }

    /** Start-up is over; held commands go on. */
    public void open() {
        launching = false;
        open.countDown();
    }

    /** Waits while start-up is in progress. */
    void await() {
        if (!launching) {
            return;
        }
        try {
            open.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
