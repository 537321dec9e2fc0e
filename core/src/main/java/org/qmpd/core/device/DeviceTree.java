package org.qmpd.core.device;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.annotation.JsonInclude;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.qmpd.core.api.Device;
import org.qmpd.core.api.DeviceModel;
import org.qmpd.core.api.DeviceRegistry;
import org.qmpd.core.api.ErrorClass;
import org.qmpd.core.api.EventBus;
import org.qmpd.core.api.MigratableState;
import org.qmpd.core.api.QmpException;

/**
 * The machine's devices, as QEMU 2.4's {@code qdev_device_add} and {@code qmp_device_del}
 * keep them. A device is made from QemuOpts-like options (every value a string) in 2.4's
 * order of checks: the id (well formed, not taken), the driver (present, a known model), the
 * bus, then the model creates and realizes it. A device with an id lives at
 * {@code /machine/peripheral/<id>}; one without at {@code /machine/peripheral-anon/device[N]},
 * where N counts every anonymous attempt that reached creation, failed ones included, as 2.4's
 * {@code anon_count} does. Nothing is kept of a device whose creation failed. A driver name
 * that no model has is tried in 2.4's alias table ({@code virtio-balloon} is
 * {@code virtio-balloon-pci} on the pc machine).
 *
 * <p>Device models are {@link DeviceModel} services found by their {@code qmp.device.driver}
 * property while they are registered; when a model goes away its devices go with it
 * (DEVICE_DELETED is sent for each).
 *
 * <p>As migratable state it carries the list of devices: as in QEMU, the destination must have
 * been given the same devices, and a device it lacks fails the incoming migration with 2.4's
 * {@code Unknown savevm section or instance} (each device's own state is its model's business).
 */
@Component(service = {DeviceRegistry.class, DeviceTree.class, MigratableState.class})
public final class DeviceTree implements DeviceRegistry, MigratableState {
    private static final System.Logger LOG = System.getLogger(DeviceTree.class.getName());
    /**
     * 2.4's {@code qdev_alias_table} for x86: a driver name that is no model is looked up here,
     * and the device is made, named and typed as the model it stands for.
     */
    static final Map<String, String> ALIASES = Map.of(
            "virtio-blk", "virtio-blk-pci", "virtio-net", "virtio-net-pci", "virtio-serial", "virtio-serial-pci",
            "virtio-balloon", "virtio-balloon-pci", "virtio-scsi", "virtio-scsi-pci", "virtio-rng", "virtio-rng-pci",
            "virtio-9p", "virtio-9p-pci", "lsi", "lsi53c895a", "ahci", "ich9-ahci", "pci-assign", "kvm-pci-assign");
    /** The buses of the pc machine a device may name; every model qmpd has is a PCI device. */
    static final Set<String> BUSES = Set.of("pci.0");

    /** DEVICE_DELETED's data: {@code device} only for a device with an id. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record DeviceDeleted(String device, String path) {
    }

    @Reference
    private QomTree tree;
    @Reference
    private EventBus events;

    private final Map<String, DeviceModel> models = new ConcurrentHashMap<>();
    private final List<Entry> entries = new ArrayList<>();
    private int anonCount;

    public DeviceTree() {
    }

    /** For unit tests: a tree with its collaborators given. */
    DeviceTree(QomTree tree, EventBus events) {
        this.tree = tree;
        this.events = events;
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void bindModel(DeviceModel model, Map<String, Object> properties) {
        models.put(driverOf(model, properties), model);
    }

    void unbindModel(DeviceModel model, Map<String, Object> properties) {
        String driver = driverOf(model, properties);
        models.remove(driver, model);
        List<Entry> gone = new ArrayList<>();
        synchronized (this) {
            for (Entry e : entries) {
                if (e.driver().equals(driver)) {
                    gone.add(e);
                }
            }
            for (Entry e : gone) {
                detach(e);
            }
        }
        for (Entry e : gone) {
            try {
                events.emit("DEVICE_DELETED", new DeviceDeleted(e.id(), e.qomPath()));
            } catch (RuntimeException ex) {
                LOG.log(System.Logger.Level.DEBUG, "no DEVICE_DELETED for " + e.qomPath(), ex);
            }
        }
    }

    private static String driverOf(DeviceModel model, Map<String, Object> properties) {
        Object driver = properties.get(DeviceModel.DRIVER);
        return driver instanceof String ? (String) driver : model.driver();
    }

    /**
     * {@code device_add}: creates a device from {@code opts} (driver, bus and the model's
     * properties, all strings, in the order given) with {@code id} (null for none).
     * {@code hotplug} is true after start-up, when models that cannot be hot-plugged refuse.
     */
    public synchronized Entry add(String id, Map<String, String> opts, boolean hotplug) throws QmpException {
        if (id != null) {
            if (!wellFormed(id)) {
                throw QmpException.generic("Parameter 'id' expects an identifier");
            }
            if (find(id) != null) {
                throw QmpException.generic("Duplicate ID '" + id + "' for device");
            }
        }
        String driver = opts.get("driver");
        if (driver == null) {
            throw QmpException.generic("Parameter 'driver' is missing");
        }
        DeviceModel model = models.get(driver);
        if (model == null && ALIASES.containsKey(driver)) {
            driver = ALIASES.get(driver);
            model = models.get(driver);
        }
        if (model == null) {
            throw QmpException.generic("Parameter 'driver' expects device type");
        }
        String bus = opts.get("bus");
        if (bus != null && !BUSES.contains(bus)) {
            throw QmpException.generic("Bus '" + bus + "' not found");
        }
        String name = id != null ? id : "device[" + anonCount++ + "]";
        if (hotplug && !model.hotpluggable()) {
            throw QmpException.generic("Device '" + driver + "' does not support hotplugging");
        }
        Map<String, String> properties = new LinkedHashMap<>(opts);
        properties.remove("driver");
        properties.remove("bus");
        Device device = model.create(id, properties);
        QomObject node = new QomObject(driver, device::properties)
                .property("realized", () -> true)
                .property("hotpluggable", model::hotpluggable);
        (id != null ? tree.peripheral() : tree.peripheralAnon()).addChild(name, node);
        Entry entry = new Entry(id, driver, node.path(), device);
        entries.add(entry);
        return entry;
    }

    /** {@code device_del}: unplugs the device with {@code id} and sends DEVICE_DELETED. */
    public void delete(String id) throws QmpException {
        Entry entry;
        synchronized (this) {
            entry = find(id);
            if (entry == null) {
                throw new QmpException(ErrorClass.DeviceNotFound, "Device '" + id + "' not found");
            }
            DeviceModel model = models.get(entry.driver());
            if (model != null && !model.hotpluggable()) {
                throw QmpException.generic("Device '" + entry.driver() + "' does not support hotplugging");
            }
            entry.device().unplug();
            detach(entry);
        }
        events.emit("DEVICE_DELETED", new DeviceDeleted(entry.id(), entry.qomPath()));
    }

    private void detach(Entry entry) {
        entries.remove(entry);
        QomObject container = entry.id() != null ? tree.peripheral() : tree.peripheralAnon();
        container.removeChild(entry.qomPath().substring(entry.qomPath().lastIndexOf('/') + 1));
    }

    /** QEMU's {@code id_wellformed}: a letter, then letters, digits, '-', '.' and '_'. */
    static boolean wellFormed(String id) {
        if (id.isEmpty() || !isAsciiLetter(id.charAt(0))) {
            return false;
        }
        for (int i = 1; i < id.length(); i++) {
            char c = id.charAt(i);
            if (!isAsciiLetter(c) && !(c >= '0' && c <= '9') && c != '-' && c != '.' && c != '_') {
                return false;
            }
        }
        return true;
    }

    private static boolean isAsciiLetter(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    @Override
    public synchronized Entry find(String id) {
        for (Entry e : entries) {
            if (id.equals(e.id())) {
                return e;
            }
        }
        return null;
    }

    @Override
    public synchronized List<Entry> devices() {
        return List.copyOf(entries);
    }

    @Override
    public String sectionId() {
        return "core/devices";
    }

    @Override
    public int version() {
        return 1;
    }

    @Override
    public synchronized void save(DataOutput out) throws IOException {
        out.writeInt(entries.size());
        for (Entry e : entries) {
            out.writeUTF(e.qomPath());
            out.writeUTF(e.driver());
        }
    }

    @Override
    public synchronized void load(DataInput in, int version) throws IOException {
        int n = in.readInt();
        for (int i = 0; i < n; i++) {
            String path = in.readUTF();
            String driver = in.readUTF();
            boolean found = false;
            for (Entry e : entries) {
                found |= e.qomPath().equals(path) && e.driver().equals(driver);
            }
            if (!found) {
                throw new IOException("Unknown savevm section or instance '" + path + "/" + driver + "' 0");
            }
        }
    }

    /** The drivers that can be created now. */
    public Set<String> drivers() {
        return Set.copyOf(models.keySet());
    }
}
