package org.qmpd.block.driver;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.qmpd.block.graph.BlkDebugEvent;
import org.qmpd.block.graph.BlockIOException;

/**
 * Reads blkdebug rules from QEMU's config file syntax ({@code [inject-error]} and
 * {@code [set-state]} sections of {@code key = "value"} lines, {@code #} comments) and from
 * the option maps {@code -blockdev} and {@code blockdev-add} give ({@code inject-error.0.event}).
 */
public final class BlkdebugConfig {
    private BlkdebugConfig() {
    }

    /** Parses a config file; errors read as QEMU's. */
    public static List<BlkdebugRule> readFile(String file) throws OpenException {
        List<String> lines;
        try {
            lines = Files.readAllLines(Path.of(file), StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new OpenException("Could not read blkdebug config file: No such file or directory");
        } catch (IOException e) {
            throw new OpenException("Could not read blkdebug config file: " + e.getMessage());
        }
        List<Map<String, String>> sections = new ArrayList<>();
        List<String> kinds = new ArrayList<>();
        Map<String, String> current = null;
        for (String raw : lines) {
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            if (line.startsWith("[")) {
                int end = line.indexOf(']');
                if (end < 0) {
                    throw new OpenException("Could not read blkdebug config file: parse error");
                }
                String kind = line.substring(1, end).strip();
                int space = kind.indexOf(' ');
                kinds.add(space < 0 ? kind : kind.substring(0, space));
                current = new LinkedHashMap<>();
                sections.add(current);
                continue;
            }
            int eq = line.indexOf('=');
            if (current == null || eq < 0) {
                throw new OpenException("Could not read blkdebug config file: parse error");
            }
            String key = line.substring(0, eq).strip();
            String value = line.substring(eq + 1).strip();
            if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
                value = value.substring(1, value.length() - 1);
            }
            current.put(key, value);
        }
        List<BlkdebugRule> rules = new ArrayList<>();
        for (int i = 0; i < sections.size(); i++) {
            rules.add(rule(kinds.get(i), sections.get(i)));
        }
        return rules;
    }

    /** One rule from its section kind and keys. */
    public static BlkdebugRule rule(String kind, Map<String, String> keys) throws OpenException {
        String eventName = keys.get("event");
        if (eventName == null) {
            throw new OpenException("Missing event name for rule");
        }
        BlkDebugEvent event = BlkDebugEvent.byConfigName(eventName);
        if (event == null) {
            throw new OpenException("Invalid event name \"" + eventName + "\"");
        }
        int state = (int) number(keys, "state", 0);
        switch (kind) {
            case "inject-error":
                return BlkdebugRule.injectError(event, state, (int) number(keys, "errno", BlockIOException.EIO),
                        number(keys, "sector", -1), bool(keys, "once"), bool(keys, "immediately"));
            case "set-state":
                return BlkdebugRule.setState(event, state, (int) number(keys, "new_state", 0));
            default:
                throw new OpenException("Invalid group name \"" + kind + "\"");
        }
    }

    private static long number(Map<String, String> keys, String key, long dflt) throws OpenException {
        String v = keys.get(key);
        if (v == null) {
            return dflt;
        }
        try {
            return Long.parseLong(v.strip());
        } catch (NumberFormatException e) {
            throw new OpenException("Parameter '" + key + "' expects a number");
        }
    }

    private static boolean bool(Map<String, String> keys, String key) throws OpenException {
        String v = keys.get(key);
        if (v == null || v.equals("off") || v.equals("false")) {
            return false;
        }
        if (v.equals("on") || v.equals("true")) {
            return true;
        }
        throw new OpenException("Parameter '" + key + "' expects 'on' or 'off'");
    }
}
