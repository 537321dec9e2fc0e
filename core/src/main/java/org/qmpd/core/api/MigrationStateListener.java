package org.qmpd.core.api;

/**
 * Whiteboard service told of each migration state change on this side ({@code setup},
 * {@code active}, {@code completed}, {@code failed}, {@code cancelled}), with or without the
 * {@code events} capability: how display learns that a migration completed (to send
 * {@code SPICE_MIGRATE_COMPLETED}) without knowing migration by name.
 */
@FunctionalInterface
public interface MigrationStateListener {
    /** {@code outgoing} is true on the source. Called under the machine lock; must not block. */
    void migrationStateChanged(String status, boolean outgoing);
}
