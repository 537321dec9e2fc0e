package org.qmpd.block.open;

import java.util.LinkedHashMap;
import java.util.Map;

import org.qmpd.block.driver.OpenException;

/**
 * QEMU 2.4's {@code -drive} ({@code drive_new} and {@code blockdev_init}) turned into block
 * options: {@code file=} and {@code format=} become the format node over a {@code file}
 * child (the format probed when not given; {@code blkdebug:CONFIG:IMAGE} and
 * {@code null-co://} understood), {@code cache=} expands into the three cache flags,
 * {@code readonly=} into {@code read-only}, and the legacy keys that only concern the guest
 * ({@code if}, {@code index}, {@code serial}, ...) are checked and dropped. Every other key is
 * a driver option.
 */
public final class DriveOptions {
    /** The device name and the node options; {@code node} is null for a drive without medium. */
    public record Drive(String id, Map<String, Object> node) {
    }

    private DriveOptions() {
    }

    /** {@code unit} numbers the generated ids ({@code none0}, {@code none1}). */
    public static Drive parse(Map<String, String> flat, int unit) throws OpenException {
        Map<String, String> o = new LinkedHashMap<>(flat);
        String iface = remove(o, "if", "none");
        if (!iface.equals("none")) {
            throw new OpenException("Unsupported interface '" + iface + "': only if=none, with -device, is supported");
        }
        String id = o.remove("id");
        if (id == null) {
            id = "none" + unit;
        } else if (!NodeOpener.wellFormed(id)) {
            throw new OpenException("Parameter 'id' expects an identifier");
        }
        for (String legacy : new String[] {"index", "bus", "unit", "media", "serial", "trans", "cyls", "heads",
                "secs", "addr", "boot", "aio", "werror", "rerror", "copy-on-read"}) {
            o.remove(legacy);
        }
        if ("on".equals(o.get("snapshot"))) {
            throw new OpenException("snapshot=on is not supported");
        }
        o.remove("snapshot");
        String cacheMode = o.remove("cache");
        if (cacheMode != null) {
            for (Map.Entry<String, Object> f : cacheFlags(cacheMode).entrySet()) {
                o.putIfAbsent("cache." + f.getKey(), (String) f.getValue());
            }
        }
        Map<String, Object> node = Opts.nest(o);
        Object fileOpt = node.get("file");
        String file = null;
        if (fileOpt instanceof String) {
            file = (String) fileOpt;
            node.remove("file");
        }
        String format = str(node.remove("format"));
        if (format != null && node.containsKey("driver")) {
            throw new OpenException("Cannot specify both 'driver' and 'format'");
        }
        String readonly = str(node.remove("readonly"));
        if (readonly != null) {
            node.put("read-only", readonly);
        }
        if (file == null || file.isEmpty()) {
            if (node.containsKey("driver") || node.containsKey("file")) {
                return new Drive(id, withFormat(node, format));
            }
            return new Drive(id, null);
        }
        Map<String, Object> child = new LinkedHashMap<>();
        if (file.startsWith("blkdebug:")) {
            String rest = file.substring("blkdebug:".length());
            int colon = rest.indexOf(':');
            if (colon < 0) {
                throw new OpenException("Invalid blkdebug filename '" + file + "'");
            }
            Map<String, Object> image = new LinkedHashMap<>();
            image.put("driver", "file");
            image.put("filename", rest.substring(colon + 1));
            child.put("driver", "blkdebug");
            child.put("config", rest.substring(0, colon));
            child.put("image", image);
        } else if (file.startsWith("null-co://") || file.startsWith("null-aio://")) {
            child.put("driver", file.startsWith("null-co") ? "null-co" : "null-aio");
        } else {
            child.put("driver", "file");
            child.put("filename", file);
        }
        if (format == null && !node.containsKey("driver")) {
            format = child.get("driver").equals("file") ? NodeOpener.probe(file) : "raw";
        }
        Object explicitChild = node.get("file");
        if (explicitChild instanceof Map) {
            @SuppressWarnings("unchecked")
            Map<String, Object> extra = (Map<String, Object>) explicitChild;
            child.putAll(extra);
        }
        node.put("file", child);
        return new Drive(id, withFormat(node, format));
    }

    private static Map<String, Object> withFormat(Map<String, Object> node, String format) {
        if (format != null) {
            node.put("driver", format);
        }
        return node;
    }

    private static String str(Object o) {
        return o instanceof String ? (String) o : null;
    }

    private static String remove(Map<String, String> o, String key, String dflt) {
        String v = o.remove(key);
        return v == null ? dflt : v;
    }

    /** {@code cache=} as 2.4's {@code bdrv_parse_cache_flags}. */
    static Map<String, Object> cacheFlags(String mode) throws OpenException {
        boolean wb;
        boolean direct;
        boolean noFlush = false;
        switch (mode) {
            case "off": case "none": wb = true; direct = true; break;
            case "directsync": wb = false; direct = true; break;
            case "writeback": wb = true; direct = false; break;
            case "unsafe": wb = true; direct = false; noFlush = true; break;
            case "writethrough": wb = false; direct = false; break;
            default: throw new OpenException("invalid cache option");
        }
        Map<String, Object> flags = new LinkedHashMap<>();
        flags.put("writeback", wb ? "on" : "off");
        flags.put("direct", direct ? "on" : "off");
        flags.put("no-flush", noFlush ? "on" : "off");
        return flags;
    }
}
