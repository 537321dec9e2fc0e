package org.qmpd.display.service;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.qmpd.core.api.EventBus;
import org.qmpd.core.api.MigrationStateListener;

/**
 * QEMU 2.4's {@code migration_state_notifier} for SPICE: when an outgoing migration ends while
 * {@code client_migrate_info} has armed a target, the target is disarmed; if it completed,
 * {@code SPICE_MIGRATE_COMPLETED} (no data) is emitted and {@code query-spice} reports
 * {@code migrated: true}. (spice-server, with no client connected, also calls back on a failed
 * migration; qmpd follows the documented meaning and stays silent then.)
 */
@Component(service = MigrationStateListener.class)
public final class SpiceMigrationNotifier implements MigrationStateListener {
    @Reference
    private Display display;
    @Reference
    private EventBus events;

    @Override
    public void migrationStateChanged(String status, boolean outgoing) {
        if (!outgoing) {
            return;
        }
        switch (status) {
            case "completed" -> {
                if (display.migrationEnded(true)) {
                    events.emit("SPICE_MIGRATE_COMPLETED", null);
                }
            }
            case "failed", "cancelled" -> display.migrationEnded(false);
            default -> {
                // setup and active change nothing for SPICE here
            }
        }
    }
}
