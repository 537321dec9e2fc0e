package org.qmpd.block.open;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.qmpd.block.driver.OpenException;

/**
 * Block options as a tree of maps, read with the type rules of their origin. From QMP
 * ({@code strict}) a value must have its JSON type, else 2.4's visitor error
 * ({@code Invalid parameter type for 'read-only', expected: boolean}); from the command line
 * every value is a string and is parsed as QEMU's QemuOpts parses it ({@code on}/{@code off},
 * numbers, sizes with suffixes). Keys read are remembered, so that what no driver took can be
 * refused.
 */
public final class Opts {
    private final Map<String, Object> map;
    private final boolean strict;
    private final Set<String> taken = new LinkedHashSet<>();

    public Opts(Map<String, Object> map, boolean strict) {
        this.map = map;
        this.strict = strict;
    }

    /** Nests flat dotted keys ({@code file.filename}) as {@code -blockdev} and {@code -drive} give them. */
    public static Map<String, Object> nest(Map<String, String> flat) {
        Map<String, Object> root = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : flat.entrySet()) {
            String[] path = e.getKey().split("\\.");
            Map<String, Object> node = root;
            for (int i = 0; i < path.length - 1; i++) {
                Object child = node.get(path[i]);
                if (!(child instanceof Map)) {
                    child = new LinkedHashMap<String, Object>();
                    node.put(path[i], child);
                }
                @SuppressWarnings("unchecked")
                Map<String, Object> next = (Map<String, Object>) child;
                node = next;
            }
            node.put(path[path.length - 1], e.getValue());
        }
        return root;
    }

    public boolean strict() {
        return strict;
    }

    public boolean has(String key) {
        return map.containsKey(key) && map.get(key) != null;
    }

    public Object raw(String key) {
        taken.add(key);
        return map.get(key);
    }

    public void put(String key, Object value) {
        map.put(key, value);
    }

    public void remove(String key) {
        map.remove(key);
    }

    public String str(String key) throws OpenException {
        Object v = raw(key);
        if (v == null) {
            return null;
        }
        if (v instanceof String) {
            return (String) v;
        }
        if (strict || v instanceof Map || v instanceof List) {
            throw new OpenException("Invalid parameter type for '" + key + "', expected: string");
        }
        return String.valueOf(v);
    }

    public Boolean bool(String key) throws OpenException {
        Object v = raw(key);
        if (v == null) {
            return null;
        }
        if (v instanceof Boolean) {
            return (Boolean) v;
        }
        if (strict || !(v instanceof String)) {
            throw new OpenException("Invalid parameter type for '" + key + "', expected: boolean");
        }
        switch ((String) v) {
            case "on": case "yes": case "true":
                return true;
            case "off": case "no": case "false":
                return false;
            default:
                throw new OpenException("Parameter '" + key + "' expects 'on' or 'off'");
        }
    }

    public boolean bool(String key, boolean dflt) throws OpenException {
        Boolean b = bool(key);
        return b == null ? dflt : b;
    }

    /** An integer; from the command line in decimal, or hex with {@code 0x}. */
    public Long number(String key) throws OpenException {
        Object v = raw(key);
        if (v == null) {
            return null;
        }
        if (v instanceof Number && !(v instanceof Double || v instanceof Float)) {
            return ((Number) v).longValue();
        }
        if (strict || !(v instanceof String)) {
            throw new OpenException("Invalid parameter type for '" + key + "', expected: integer");
        }
        String s = ((String) v).strip();
        try {
            return s.startsWith("0x") || s.startsWith("0X") ? Long.parseUnsignedLong(s.substring(2), 16) : Long.parseLong(s);
        } catch (NumberFormatException e) {
            throw new OpenException("Parameter '" + key + "' expects a number");
        }
    }

    /** A size; from the command line with an optional suffix {@code k M G T P E} (powers of 1024). */
    public Long size(String key) throws OpenException {
        Object v = raw(key);
        if (v == null) {
            return null;
        }
        if (v instanceof Number) {
            return ((Number) v).longValue();
        }
        if (strict || !(v instanceof String)) {
            throw new OpenException("Invalid parameter type for '" + key + "', expected: integer");
        }
        Long bytes = parseSize((String) v);
        if (bytes == null) {
            throw new OpenException("Parameter '" + key + "' expects a size");
        }
        return bytes;
    }

    /** {@code 64k}, {@code 1M}, {@code 1.5G}, {@code 512}: bytes, or null if it is not a size. */
    public static Long parseSize(String text) {
        String s = text.strip();
        if (s.isEmpty()) {
            return null;
        }
        long unit = 1;
        char last = s.charAt(s.length() - 1);
        int shift = "BKMGTPE".indexOf(Character.toUpperCase(last));
        if (shift >= 0 && !Character.isDigit(last)) {
            unit = 1L << (10 * shift);
            s = s.substring(0, s.length() - 1);
        }
        try {
            if (s.contains(".")) {
                double d = Double.parseDouble(s);
                return d < 0 ? null : (long) (d * unit);
            }
            long n = Long.parseLong(s);
            return n < 0 ? null : Math.multiplyExact(n, unit);
        } catch (NumberFormatException | ArithmeticException e) {
            return null;
        }
    }

    /** The nested options under {@code key}, or null; a string there is a reference, see {@link #str}. */
    @SuppressWarnings("unchecked")
    public Opts child(String key) {
        Object v = raw(key);
        return v instanceof Map ? new Opts((Map<String, Object>) v, strict) : null;
    }

    /** The list under {@code key} as option trees; command-line lists arrive as maps keyed 0, 1, ... */
    @SuppressWarnings("unchecked")
    public List<Opts> list(String key) throws OpenException {
        Object v = raw(key);
        List<Opts> out = new ArrayList<>();
        if (v == null) {
            return out;
        }
        if (v instanceof List) {
            for (Object e : (List<Object>) v) {
                if (!(e instanceof Map)) {
                    throw new OpenException("Invalid parameter type for '" + key + "', expected: object");
                }
                out.add(new Opts((Map<String, Object>) e, strict));
            }
            return out;
        }
        if (v instanceof Map) {
            Map<String, Object> m = (Map<String, Object>) v;
            for (int i = 0; m.containsKey(String.valueOf(i)); i++) {
                Object e = m.get(String.valueOf(i));
                if (e instanceof Map) {
                    out.add(new Opts((Map<String, Object>) e, strict));
                }
            }
            return out;
        }
        throw new OpenException("Invalid parameter type for '" + key + "', expected: array");
    }

    /** Keys present and never read. */
    public List<String> leftover() {
        List<String> left = new ArrayList<>();
        for (String k : map.keySet()) {
            if (!taken.contains(k)) {
                left.add(k);
            }
        }
        return left;
    }

    public Map<String, Object> map() {
        return map;
    }
}
