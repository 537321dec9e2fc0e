package org.qmpd.migration.control;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.qmpd.core.api.Device;
import org.qmpd.core.api.DeviceRegistry;
import org.qmpd.core.api.MigratableState;

class SavevmHandlersTest {
    private static Device device(String blocker) {
        return new Device() {
            @Override
            public Map<String, Object> properties() {
                return Map.of();
            }

            @Override
            public void unplug() {
            }

            @Override
            public String migrationBlocker() {
                return blocker;
            }
        };
    }

    private static DeviceRegistry registry(Device... devices) {
        List<DeviceRegistry.Entry> entries = new ArrayList<>();
        for (int i = 0; i < devices.length; i++) {
            entries.add(new DeviceRegistry.Entry("dev" + i, "driver", "/machine/peripheral/dev" + i, devices[i]));
        }
        return new DeviceRegistry() {
            @Override
            public Entry find(String id) {
                return null;
            }

            @Override
            public List<Entry> devices() {
                return entries;
            }
        };
    }

    private static MigratableState state(String id, String blocker, byte value) {
        return new MigratableState() {
            @Override
            public String sectionId() {
                return id;
            }

            @Override
            public int version() {
                return 3;
            }

            @Override
            public String migrationBlocker() {
                return blocker;
            }

            @Override
            public void save(DataOutput out) throws IOException {
                out.writeByte(value);
            }

            @Override
            public void load(DataInput in, int version) {
            }
        };
    }

    @Test
    void aNonMigratableDeviceBlocksWithQemusWordsBeforeAnySectionBlocker() {
        SavevmHandlers h = new SavevmHandlers();
        assertNull(h.blocker());
        h.addState(state("block/dirty-bitmaps", "Bitmap 'b' is currently frozen and cannot be migrated", (byte) 1));
        assertEquals("Bitmap 'b' is currently frozen and cannot be migrated", h.blocker());
        h.setDevices(registry(device(null), device("non-migratable device: 0000:00:03.0/rocker")));
        assertEquals("State blocked by non-migratable device '0000:00:03.0/rocker'", h.blocker());
    }

    @Test
    void sectionsAreSavedInIdOrder() throws IOException {
        SavevmHandlers h = new SavevmHandlers();
        h.addState(state("rocker/switches", null, (byte) 2));
        h.addState(state("display/spice", null, (byte) 1));
        List<SavevmHandlers.Section> saved = h.saveAll();
        assertEquals("display/spice", saved.get(0).id());
        assertEquals("rocker/switches", saved.get(1).id());
        assertEquals(3, saved.get(1).version());
        assertArrayEquals(new byte[] {2}, saved.get(1).data());
    }
}
