package org.qmpd.core.device;

import java.util.ArrayList;
import java.util.List;

import org.osgi.service.component.annotations.Component;
import org.qmpd.core.api.ErrorClass;
import org.qmpd.core.api.QmpException;

/**
 * The machine's QOM composition tree, as far as qmpd has objects: {@code /machine} (a
 * {@code pc-i440fx-2.4-machine}) with its containers {@code unattached} (CPUs and their APICs,
 * named {@code device[N]} in creation order), {@code peripheral} (devices with an id) and
 * {@code peripheral-anon} (devices without one), and {@code /objects}.
 *
 * <p>Paths resolve as QEMU 2.4's {@code object_resolve_path}: an absolute path walks child
 * properties from the root, skipping empty components; a partial path ({@code peripheral/b0},
 * {@code b0}) matches wherever it ends a unique path in the tree.
 */
@Component(service = QomTree.class)
public final class QomTree {
    static final String MACHINE_TYPE = "pc-i440fx-2.4-machine";

    private final QomObject root = new QomObject("container");
    private final QomObject machine = new QomObject(MACHINE_TYPE);
    private final QomObject unattached = new QomObject("container");
    private final QomObject peripheral = new QomObject("container");
    private final QomObject peripheralAnon = new QomObject("container");
    private int unattachedCount;
    private final java.util.List<Runnable> populators = new java.util.concurrent.CopyOnWriteArrayList<>();

    public QomTree() {
        root.addChild("machine", machine);
        machine.addChild("unattached", unattached);
        machine.addChild("peripheral-anon", peripheralAnon);
        machine.addChild("peripheral", peripheral);
        root.addChild("objects", new QomObject("container"));
    }

    public QomObject root() {
        return root;
    }

    public QomObject peripheral() {
        return peripheral;
    }

    public QomObject peripheralAnon() {
        return peripheralAnon;
    }

    /** Adds {@code object} to {@code /machine/unattached} as {@code device[N]}, as realize does for parentless devices. */
    public QomObject addUnattached(QomObject object) {
        synchronized (QomObject.TREE_LOCK) {
            unattached.addChild("device[" + unattachedCount++ + "]", object);
        }
        return object;
    }

    /**
     * Registers {@code populator} to run before every lookup, so that objects made on demand
     * (the vCPUs, once {@code -smp} is known) exist when the tree is read.
     */
    public void addPopulator(Runnable populator) {
        populators.add(populator);
    }

    public void removePopulator(Runnable populator) {
        populators.remove(populator);
    }

    /** The object at {@code path}: null if none, {@link Ambiguous} if a partial path matches twice. */
    public QomObject resolve(String path) throws Ambiguous {
        for (Runnable populator : populators) {
            populator.run(); // before taking the tree lock: a populator locks its own state first
        }
        synchronized (QomObject.TREE_LOCK) {
            return resolveLocked(path);
        }
    }

    private QomObject resolveLocked(String path) throws Ambiguous {
        if (path.startsWith("/")) {
            QomObject at = root;
            for (String part : path.split("/")) {
                if (part.isEmpty()) {
                    continue;
                }
                at = at.child(part);
                if (at == null) {
                    return null;
                }
            }
            return at;
        }
        String[] parts = path.split("/", -1);
        List<QomObject> matches = new ArrayList<>();
        collect(root, parts, matches);
        if (matches.size() > 1) {
            throw new Ambiguous();
        }
        return matches.isEmpty() ? null : matches.get(0);
    }

    private static void collect(QomObject at, String[] parts, List<QomObject> matches) {
        for (QomObject child : at.children().values()) {
            if (endsWith(child, parts)) {
                matches.add(child);
            }
            collect(child, parts, matches);
        }
    }

    private static boolean endsWith(QomObject object, String[] parts) {
        QomObject at = object;
        for (int i = parts.length - 1; i >= 0; i--) {
            if (at == null || at.parent() == null || !parts[i].equals(at.name())) {
                return false;
            }
            at = at.parent();
        }
        return true;
    }

    /** {@code qom-list}: the properties of the object at {@code path}, newest first as 2.4 lists them. */
    public List<QomObject.Property> list(String path) throws QmpException {
        QomObject object;
        try {
            object = resolve(path);
        } catch (Ambiguous e) {
            throw QmpException.generic("Path '" + path + "' is ambiguous");
        }
        if (object == null) {
            throw new QmpException(ErrorClass.DeviceNotFound, "Device '" + path + "' not found");
        }
        List<QomObject.Property> props = new ArrayList<>(object.properties());
        java.util.Collections.reverse(props);
        return props;
    }

    /** {@code qom-get}: the value of {@code property} of the object at {@code path}. */
    public Object get(String path, String property) throws QmpException {
        QomObject object;
        try {
            object = resolve(path);
        } catch (Ambiguous e) {
            object = null; // 2.4's qom-get resolves without asking about ambiguity
        }
        if (object == null) {
            throw new QmpException(ErrorClass.DeviceNotFound, "Device '" + path + "' not found");
        }
        QomObject.Property p = object.property(property);
        if (p == null) {
            throw QmpException.generic("Property '." + property + "' not found");
        }
        return p.value();
    }

    /** A partial path that ends more than one path of the tree. */
    public static final class Ambiguous extends Exception {
        private static final long serialVersionUID = 1L;

        Ambiguous() {
            super(null, null, false, false);
        }
    }
}
