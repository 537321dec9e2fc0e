package org.qmpd.core.api;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * One section of the machine's migratable state, as QEMU's savevm handlers: every bundle that
 * keeps state a migration must carry (bitmaps, thresholds, switches, display settings, run
 * state, devices) registers one as a whiteboard service. Migration writes every section after
 * RAM with the guest stopped, and the destination loads each into the registered service with
 * the same {@link #sectionId()}. A bundle with state that registers none is a bug.
 */
public interface MigratableState {
    /** A name unique in the machine, e.g. {@code block/dirty-bitmaps}. */
    String sectionId();

    /** The format version of {@link #save}; {@link #load} gets the version that was written. */
    int version();

    /**
     * Why this state cannot migrate now, in QEMU's words for a migration blocker (checked when
     * {@code migrate} starts and shown in {@code query-migrate}), or null.
     */
    default String migrationBlocker() {
        return null;
    }

    /** Writes the state. Called under the machine lock with the guest stopped. */
    void save(DataOutput out) throws IOException;

    /** Replaces the state with what {@link #save} wrote. Called under the machine lock. */
    void load(DataInput in, int version) throws IOException;
}
