package org.qmpd.migration.control;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.qmpd.core.api.EventBus;
import org.qmpd.core.api.MigrationStateListener;
import org.qmpd.migration.state.Capability;
import org.qmpd.migration.state.MigrationSettings;
import org.qmpd.migration.state.MigrationStatus;

/**
 * Tells the world of each migration state change, on either side: the {@code MIGRATION}
 * event when the {@code events} capability is on (as 2.4's {@code migrate_generate_event};
 * by the design's decision not even the incoming {@code setup} goes out without it), and
 * every {@link MigrationStateListener} always. Called under the machine lock.
 */
@Component(service = MigrationEvents.class)
public final class MigrationEvents {
    private static final System.Logger LOG = System.getLogger(MigrationEvents.class.getName());

    @Reference
    private EventBus events;
    @Reference
    private MigrationSettings settings;

    private final List<MigrationStateListener> listeners = new CopyOnWriteArrayList<>();

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addListener(MigrationStateListener listener) {
        listeners.add(listener);
    }

    void removeListener(MigrationStateListener listener) {
        listeners.remove(listener);
    }

    public void changed(MigrationStatus status, boolean outgoing) {
        if (settings.enabled(Capability.EVENTS)) {
            // a tree rather than a record: the first event must not wait for Jackson's introspection
            events.emit("MIGRATION", JsonNodeFactory.instance.objectNode().put("status", status.qapiName()));
        }
        for (MigrationStateListener l : listeners) {
            try {
                l.migrationStateChanged(status.qapiName(), outgoing);
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.ERROR, "migration state listener failed", e);
            }
        }
    }
}
