package org.qmpd.migration.control;

import java.util.List;

import org.qmpd.core.api.RunState;

/** The guest as the final stage of an outgoing migration stopped it: what to restore on failure, and what to send. */
record OutgoingMigrationStop(RunState previous, boolean wasRunning, List<SavevmHandlers.Section> sections, long at) {
}
