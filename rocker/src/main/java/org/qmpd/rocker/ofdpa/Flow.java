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
    private final long cookie;
    private final int tblId;
    private final long priority;
    private final int lpm;
    private final FlowKey key;
    private final FlowKey mask;
    private final FlowAction action;
    final long rank;
    /**
     * Hits counted before the flow's current place in its table; the hits of its place are
     * kept beside its key in the {@link Subtable} ({@link #home}, {@link #slot}), where the
     * data path counts them without touching this object. Changed under the world's write lock.
     */
    volatile long baseHits;
    volatile Subtable home;
    volatile int slot;

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

    /** The frames this flow matched. */
    public long hits() {
        Subtable st = home;
        if (st == null) {
            return baseHits;
        }
        long stamp = st.lock.readLock();
        try {
            return hitsLocked();
        } finally {
            st.lock.unlockRead(stamp);
        }
    }

    /** {@link #hits()} for a caller holding the world's lock. */
    long hitsLocked() {
        Subtable st = home;
        return baseHits + (st == null ? 0 : st.slotHits(slot));
    }

    /** Sets the hit count of a flow not yet installed (one restored from a migration stream). */
    public Flow withHits(long value) {
        baseHits = value;
        return this;
    }
}
