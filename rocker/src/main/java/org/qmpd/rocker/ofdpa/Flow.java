package org.qmpd.rocker.ofdpa;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * One installed flow: its cookie (the driver's handle), table, priority, key, mask and action,
 * and its hit count. Immutable but for the counters, which the data path updates without
 * locks; a modified flow is a new {@code Flow} that inherits the hits.
 *
 * <p>Among matching flows the one with the highest priority wins, and between equal
 * priorities the longest IP prefix ({@link #lpm}, QEMU's {@code lpm}); {@link #rank} orders
 * flows by both.
 */
public final class Flow {
    private static final VarHandle HITS;

    static {
        try {
            HITS = MethodHandles.lookup().findVarHandle(Flow.class, "hits", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final long cookie;
    private final int tblId;
    private final long priority;
    private final int lpm;
    private final FlowKey key;
    private final FlowKey mask;
    private final FlowAction action;
    final long rank;
    @SuppressWarnings("unused") // through HITS
    private volatile long hits;
    /** When learning last refreshed this (vlan, MAC), in nanoseconds; racy by design. */
    volatile long refreshNanos;

    public Flow(long cookie, int tblId, long priority, int lpm, FlowKey key, FlowKey mask, FlowAction action) {
        this.cookie = cookie;
        this.tblId = tblId;
        this.priority = priority & 0xffff_ffffL;
        this.lpm = lpm;
        this.key = key.copy();
        this.mask = mask.copy();
        this.action = action;
        this.rank = this.priority << 8 | lpm;
    }

    public long cookie() {
        return cookie;
    }

    public int tblId() {
        return tblId;
    }

    public long priority() {
        return priority;
    }

    public int lpm() {
        return lpm;
    }

    public FlowKey key() {
        return key.copy();
    }

    public FlowKey mask() {
        return mask.copy();
    }

    FlowKey keyRef() {
        return key;
    }

    FlowKey maskRef() {
        return mask;
    }

    public FlowAction action() {
        return action;
    }

    public long hits() {
        return (long) HITS.getVolatile(this);
    }

    void hit() {
        HITS.getAndAdd(this, 1L);
    }

    void setHits(long value) {
        HITS.setVolatile(this, value);
    }

    /** Sets the hit count, for a flow restored from a migration stream. */
    public Flow withHits(long value) {
        setHits(value);
        return this;
    }

    /** The same flow with another key, mask, priority or action, keeping its hits. */
    Flow withHitsOf(Flow old) {
        setHits(old.hits());
        refreshNanos = old.refreshNanos;
        return this;
    }
}
