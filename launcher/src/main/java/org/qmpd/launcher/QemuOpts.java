package org.qmpd.launcher;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * QEMU's option-string syntax, {@code key=value,key2=value2}, as {@code qemu_opts_parse} reads
 * it: {@code ,,} is a literal comma, a first element without {@code =} is the value of the
 * option's implied key (the driver of {@code -device rocker,...}, the address of {@code -vnc}),
 * and a later bare word {@code flag} means {@code flag=on} ({@code noflag} means off). Dotted
 * keys ({@code file.driver=file}) nest, as {@code -blockdev} reads them.
 */
final class QemuOpts {
    private QemuOpts() {
    }

    /** Flat keys in order; the implied key, if given, receives a leading bare value. */
    static Map<String, String> parse(String text, String impliedKey) {
        Map<String, String> opts = new LinkedHashMap<>();
        int i = 0;
        boolean first = true;
        while (i <= text.length()) {
            StringBuilder part = new StringBuilder();
            while (i < text.length()) {
                char c = text.charAt(i);
                if (c == ',') {
                    if (i + 1 < text.length() && text.charAt(i + 1) == ',') {
                        part.append(',');
                        i += 2;
                        continue;
                    }
                    break;
                }
                part.append(c);
                i++;
            }
            i++;
            String p = part.toString();
            if (p.isEmpty()) {
                first = false;
                continue;
            }
            int eq = p.indexOf('=');
            if (eq >= 0) {
                opts.put(p.substring(0, eq), p.substring(eq + 1));
            } else if (first && impliedKey != null) {
                opts.put(impliedKey, p);
            } else if (p.startsWith("no") && p.length() > 2) {
                opts.put(p.substring(2), "off");
            } else {
                opts.put(p, "on");
            }
            first = false;
        }
        return opts;
    }

    /** Nests dotted keys: {@code file.driver=file} becomes {@code {"file": {"driver": "file"}}}. */
    static Map<String, Object> nest(Map<String, String> flat) {
        Map<String, Object> root = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : flat.entrySet()) {
            String[] path = e.getKey().split("\\.");
            Map<String, Object> node = root;
            for (int i = 0; i < path.length - 1; i++) {
                Object child = node.get(path[i]);
                if (!(child instanceof Map)) {
                    Map<String, Object> fresh = new LinkedHashMap<>();
                    node.put(path[i], fresh);
                    child = fresh;
                }
                @SuppressWarnings("unchecked")
                Map<String, Object> next = (Map<String, Object>) child;
                node = next;
            }
            node.put(path[path.length - 1], e.getValue());
        }
        return root;
    }
}
