package org.qmpd.core.device;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.qmpd.core.api.Device;
import org.qmpd.core.api.DeviceModel;
import org.qmpd.core.api.ErrorClass;
import org.qmpd.core.api.EventBus;
import org.qmpd.core.api.QmpException;

class DeviceTreeTest {
    /** A model with one property, {@code size}, that must be a number. */
    static final class NicModel implements DeviceModel {
        final List<String> unplugged = new ArrayList<>();
        final boolean hotpluggable;

        NicModel(boolean hotpluggable) {
            this.hotpluggable = hotpluggable;
        }

        @Override
        public String driver() {
            return "nic";
        }

        @Override
        public boolean hotpluggable() {
            return hotpluggable;
        }

        @Override
        public Device create(String id, Map<String, String> properties) throws QmpException {
            Map<String, Object> props = new LinkedHashMap<>();
            for (Map.Entry<String, String> e : properties.entrySet()) {
                if (!e.getKey().equals("size")) {
                    throw QmpException.generic("Property 'nic." + e.getKey() + "' not found");
                }
                props.put("size", Long.parseLong(e.getValue()));
            }
            return new Device() {
                @Override
                public Map<String, Object> properties() {
                    return props;
                }

                @Override
                public void unplug() {
                    unplugged.add(id);
                }
            };
        }
    }

    final List<String> events = new ArrayList<>();
    final EventBus bus = (name, data) -> events.add(name + " " + data);
    QomTree tree;
    DeviceTree devices;
    NicModel nic;

    @BeforeEach
    void setUp() {
        tree = new QomTree();
        devices = new DeviceTree(tree, bus);
        nic = new NicModel(true);
        devices.bindModel(nic, Map.of(DeviceModel.DRIVER, "nic"));
    }

    static Map<String, String> opts(String... kv) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return m;
    }

    static String error(QmpException e) {
        return e.errorClass() + ": " + e.desc();
    }

    @Test
    void deviceWithIdLivesUnderPeripheralAndGoesWithDeviceDel() throws Exception {
        devices.add("n0", opts("driver", "nic", "size", "4"), true);
        assertEquals("/machine/peripheral/n0", devices.find("n0").qomPath());
        assertEquals(4L, tree.get("/machine/peripheral/n0", "size"));
        assertEquals("nic", tree.get("n0", "type"));
        assertEquals(true, tree.get("n0", "realized"));
        devices.delete("n0");
        assertEquals(List.of("n0"), nic.unplugged);
        assertEquals(List.of("DEVICE_DELETED DeviceDeleted[device=n0, path=/machine/peripheral/n0]"), events);
        assertNull(devices.find("n0"));
        assertNull(tree.resolve("/machine/peripheral/n0"));
    }

    @Test
    void anonymousDevicesCountEveryAttemptThatReachedCreation() throws Exception {
        devices.add(null, opts("driver", "nic"), true);
        assertThrows(QmpException.class, () -> devices.add(null, opts("driver", "nic", "bogus", "1"), true));
        assertThrows(QmpException.class, () -> devices.add(null, opts("driver", "nope"), true));
        devices.add(null, opts("driver", "nic"), true);
        assertTrue(tree.resolve("/machine/peripheral-anon/device[0]") != null);
        assertNull(tree.resolve("/machine/peripheral-anon/device[1]"));
        assertEquals("/machine/peripheral-anon/device[2]", devices.devices().get(1).qomPath());
    }

    @Test
    void errorsComeInQemuOrderAndLeaveNothingBehind() throws Exception {
        devices.add("n0", opts("driver", "nic"), true);
        assertEquals("GenericError: Parameter 'id' expects an identifier",
                error(assertThrows(QmpException.class, () -> devices.add("0bad", opts(), true))));
        assertEquals("GenericError: Duplicate ID 'n0' for device",
                error(assertThrows(QmpException.class, () -> devices.add("n0", opts(), true))));
        assertEquals("GenericError: Parameter 'driver' is missing",
                error(assertThrows(QmpException.class, () -> devices.add("n1", opts(), true))));
        assertEquals("GenericError: Parameter 'driver' expects device type",
                error(assertThrows(QmpException.class, () -> devices.add("n1", opts("driver", "e1000"), true))));
        assertEquals("GenericError: Bus 'isa.7' not found",
                error(assertThrows(QmpException.class, () -> devices.add("n1", opts("driver", "nic", "bus", "isa.7"), true))));
        assertEquals("GenericError: Property 'nic.speed' not found",
                error(assertThrows(QmpException.class, () -> devices.add("n1", opts("driver", "nic", "speed", "1"), true))));
        assertEquals("DeviceNotFound: Device 'n1' not found",
                error(assertThrows(QmpException.class, () -> devices.delete("n1"))));
        assertEquals(1, devices.devices().size());
        assertEquals(List.of("n0"), new ArrayList<>(tree.peripheral().children().keySet()));
        devices.add("n1", opts("driver", "nic", "bus", "pci.0"), true);
    }

    @Test
    void coldPlugOnlyModelsAreRefusedAfterStartUp() throws Exception {
        devices.bindModel(new NicModel(false), Map.of(DeviceModel.DRIVER, "nic-fixed"));
        assertEquals("GenericError: Device 'nic-fixed' does not support hotplugging",
                error(assertThrows(QmpException.class, () -> devices.add("f0", opts("driver", "nic-fixed"), true))));
        devices.add("f0", opts("driver", "nic-fixed"), false);
        assertEquals("GenericError: Device 'nic-fixed' does not support hotplugging",
                error(assertThrows(QmpException.class, () -> devices.delete("f0"))));
        assertEquals(ErrorClass.GenericError, assertThrows(QmpException.class, () -> devices.delete("f0")).errorClass());
    }

    @Test
    void aliasesResolveAsTwoFoursTableDoes() throws Exception {
        devices.bindModel(new NicModel(true), Map.of(DeviceModel.DRIVER, "virtio-net-pci"));
        DeviceTree.Entry e = devices.add("v0", opts("driver", "virtio-net"), true);
        assertEquals("virtio-net-pci", e.driver());
        assertEquals("virtio-net-pci", tree.get("v0", "type"));
        assertEquals("GenericError: Parameter 'driver' expects device type",
                error(assertThrows(QmpException.class, () -> devices.add("v1", opts("driver", "virtio-blk"), true))));
    }

    @Test
    void incomingMigrationNeedsTheSourcesDevices() throws Exception {
        devices.add("n0", opts("driver", "nic"), true);
        devices.add(null, opts("driver", "nic"), true);
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        devices.save(new java.io.DataOutputStream(bytes));

        DeviceTree same = new DeviceTree(new QomTree(), bus);
        same.bindModel(nic, Map.of(DeviceModel.DRIVER, "nic"));
        same.add("n0", opts("driver", "nic"), false);
        same.add(null, opts("driver", "nic"), false);
        same.load(new java.io.DataInputStream(new java.io.ByteArrayInputStream(bytes.toByteArray())), 1);

        DeviceTree lacking = new DeviceTree(new QomTree(), bus);
        lacking.bindModel(nic, Map.of(DeviceModel.DRIVER, "nic"));
        lacking.add("n0", opts("driver", "nic"), false);
        java.io.IOException e = assertThrows(java.io.IOException.class, () -> lacking.load(
                new java.io.DataInputStream(new java.io.ByteArrayInputStream(bytes.toByteArray())), 1));
        assertEquals("Unknown savevm section or instance '/machine/peripheral-anon/device[0]/nic' 0", e.getMessage());
    }

    @Test
    void devicesGoWhenTheirModelGoes() throws Exception {
        devices.add("n0", opts("driver", "nic"), true);
        devices.unbindModel(nic, Map.of(DeviceModel.DRIVER, "nic"));
        assertNull(devices.find("n0"));
        assertEquals(1, events.size());
        assertEquals("GenericError: Parameter 'driver' expects device type",
                error(assertThrows(QmpException.class, () -> devices.add("n0", opts("driver", "nic"), true))));
    }
}
