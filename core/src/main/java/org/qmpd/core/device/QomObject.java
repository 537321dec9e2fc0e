package org.qmpd.core.device;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * One object of the QOM-like tree: a type name, named children, and properties whose values
 * are read when asked for. As in QOM, every object has a {@code type} property and every child
 * is also a property of its parent, typed {@code child<TYPE>}, whose value is the child's
 * canonical path. Properties are kept in the order they were added; QEMU 2.4's
 * {@code qom-list} reports them newest first. The whole tree shares one lock,
 * {@link #TREE_LOCK}, so a device model that goes away on a framework thread cannot tear a
 * {@code qom-list} in progress.
 */
public final class QomObject {
    /** One property as {@code qom-list} names it, with its current value. */
    public record Property(String name, String type, Object value) {
    }

    /** Guards the structure of every tree. Taken last: nothing is called out to while holding it but property suppliers. */
    static final Object TREE_LOCK = new Object();

    private final String type;
    private final Map<String, QomObject> children = new LinkedHashMap<>();
    private final Map<String, Supplier<Object>> fixed = new LinkedHashMap<>();
    private final List<String> order = new ArrayList<>();
    private final Supplier<Map<String, Object>> dynamic;
    private QomObject parent;
    private String name;

    public QomObject(String type) {
        this(type, Collections::emptyMap);
    }

    /** An object whose properties beyond {@code type} and children come from {@code dynamic}. */
    public QomObject(String type, Supplier<Map<String, Object>> dynamic) {
        this.type = type;
        this.dynamic = dynamic;
        order.add("type");
    }

    public String type() {
        return type;
    }

    public String name() {
        return name;
    }

    public QomObject parent() {
        return parent;
    }

    /** Adds a property with a value computed on each read. */
    public QomObject property(String property, Supplier<Object> value) {
        synchronized (TREE_LOCK) {
            fixed.put(property, value);
            order.add(property);
        }
        return this;
    }

    /** Adds {@code child} under {@code childName}; the name must be free. */
    public void addChild(String childName, QomObject child) {
        synchronized (TREE_LOCK) {
            attach(childName, child);
        }
    }

    private void attach(String childName, QomObject child) {
        if (children.containsKey(childName) || child.parent != null) {
            throw new IllegalStateException("child '" + childName + "' already exists under " + path());
        }
        children.put(childName, child);
        order.add(childName);
        child.parent = this;
        child.name = childName;
    }

    /** Removes the child named {@code childName}, if any, and returns it. */
    public QomObject removeChild(String childName) {
        synchronized (TREE_LOCK) {
            QomObject child = children.remove(childName);
            if (child != null) {
                order.remove(childName);
                child.parent = null;
            }
            return child;
        }
    }

    public QomObject child(String childName) {
        synchronized (TREE_LOCK) {
            return children.get(childName);
        }
    }

    /** A snapshot of the children, by name, in the order they were added. */
    public Map<String, QomObject> children() {
        synchronized (TREE_LOCK) {
            return Collections.unmodifiableMap(new LinkedHashMap<>(children));
        }
    }

    /** The canonical path: {@code /} for the root, else {@code /machine/peripheral/id}. */
    public String path() {
        synchronized (TREE_LOCK) {
            return pathLocked();
        }
    }

    private String pathLocked() {
        if (parent == null) {
            return "/";
        }
        String up = parent.pathLocked();
        return (up.equals("/") ? "" : up) + "/" + name;
    }

    /** Every property in the order it was added; the dynamic ones come after the fixed ones. */
    public List<Property> properties() {
        synchronized (TREE_LOCK) {
            return propertiesLocked();
        }
    }

    private List<Property> propertiesLocked() {
        List<Property> out = new ArrayList<>();
        Map<String, Object> dyn = dynamic.get();
        for (String p : order) {
            QomObject child = children.get(p);
            if (p.equals("type")) {
                out.add(new Property("type", "string", type));
            } else if (child != null) {
                out.add(new Property(p, "child<" + child.type + ">", child.pathLocked()));
            } else {
                Object value = fixed.get(p).get();
                out.add(new Property(p, typeOf(value), value));
            }
        }
        for (Map.Entry<String, Object> e : dyn.entrySet()) {
            if (!fixed.containsKey(e.getKey()) && !children.containsKey(e.getKey()) && !e.getKey().equals("type")) {
                out.add(new Property(e.getKey(), typeOf(e.getValue()), e.getValue()));
            }
        }
        return out;
    }

    /** The property {@code property}, or null. */
    public Property property(String property) {
        for (Property p : properties()) {
            if (p.name().equals(property)) {
                return p;
            }
        }
        return null;
    }

    /** QOM's type names for the visitor kinds our values have. */
    static String typeOf(Object value) {
        if (value instanceof Boolean) {
            return "bool";
        }
        if (value instanceof Double || value instanceof Float) {
            return "number";
        }
        if (value instanceof Long) {
            return "int";
        }
        if (value instanceof Number) {
            return "int32";
        }
        if (value instanceof String || value == null) {
            return "str";
        }
        return "struct";
    }
}
