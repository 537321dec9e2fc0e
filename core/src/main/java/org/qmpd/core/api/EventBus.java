package org.qmpd.core.api;

/**
 * Delivers QMP events to every session in command mode, in the order emitted.
 * Safe to call from any thread; it never blocks on a slow client.
 */
public interface EventBus {
    /**
     * Stamps the event with the current time and delivers it. {@code data} is serialised
     * with Jackson; {@code null} leaves the {@code data} member out, as QEMU does for events
     * without data. The events QEMU 2.4 rate-limits (BALLOON_CHANGE, RTC_CHANGE, WATCHDOG,
     * QUORUM_*, VSERPORT_CHANGE) are held to one per second, the last one delayed, not dropped.
     */
    void emit(String name, Object data);
}
