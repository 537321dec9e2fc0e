package org.qmpd.migration.control;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.qmpd.core.api.DeviceRegistry;
import org.qmpd.core.api.MigratableState;

/**
 * The machine's savevm handlers: every {@link MigratableState} service, by section id, and
 * the devices' and sections' migration blockers. What a source sends after RAM and what a
 * destination loads comes from here.
 */
@Component(service = SavevmHandlers.class)
public final class SavevmHandlers {
    private static final String NON_MIGRATABLE = "non-migratable device: ";

    /** One saved section. */
    public record Section(String id, int version, byte[] data) {
    }

    private final Map<String, MigratableState> states = new ConcurrentSkipListMap<>();

    private volatile DeviceRegistry devices;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    void setDevices(DeviceRegistry registry) {
        devices = registry;
    }

    void unsetDevices(DeviceRegistry registry) {
        if (devices == registry) {
            devices = null;
        }
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addState(MigratableState state) {
        states.put(state.sectionId(), state);
    }

    void removeState(MigratableState state) {
        states.remove(state.sectionId(), state);
    }

    /**
     * Why {@code migrate} must refuse, in 2.4's order and words, or null: first a device that
     * cannot migrate ({@code qemu_savevm_state_blocked}:
     * {@code State blocked by non-migratable device '0000:00:03.0/rocker'}), then a section's
     * blocker, as 2.4 copies the first of its {@code migration_blockers}.
     */
    public String blocker() {
        DeviceRegistry registry = devices;
        if (registry != null) {
            for (DeviceRegistry.Entry e : registry.devices()) {
                String why = e.device().migrationBlocker();
                if (why != null) {
                    return why.startsWith(NON_MIGRATABLE)
                            ? "State blocked by non-migratable device '" + why.substring(NON_MIGRATABLE.length()) + "'"
                            : why;
                }
            }
        }
        for (MigratableState s : states.values()) {
            String why = s.migrationBlocker();
            if (why != null) {
                return why;
            }
        }
        return null;
    }

    /** Saves every section, in section id order. Under the machine lock, guest stopped. */
    public List<Section> saveAll() throws IOException {
        List<Section> out = new ArrayList<>();
        for (MigratableState s : states.values()) {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (DataOutputStream data = new DataOutputStream(bytes)) {
                s.save(data);
            }
            out.add(new Section(s.sectionId(), s.version(), bytes.toByteArray()));
        }
        return out;
    }

    /** The handler of section {@code id}, or null. */
    public MigratableState find(String id) {
        return states.get(id);
    }
}
