package org.qmpd.display.service;

import java.util.Iterator;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.qmpd.core.api.QmpException;

/**
 * A command-line option's QemuOpts ({@code {"opts": {key: "value"}}} of an {@code x-launch-*}
 * command), read with QEMU 2.4's checks: an unknown key is {@code Invalid parameter 'key'},
 * a bool must be {@code on} or {@code off}, a number is parsed as {@code strtoull}.
 */
public final class LaunchOptions {
    private final ObjectNode opts;

    public LaunchOptions(ObjectNode opts, Set<String> known) throws QmpException {
        this.opts = opts;
        for (Iterator<String> it = opts.fieldNames(); it.hasNext();) {
            String key = it.next();
            if (!known.contains(key)) {
                throw QmpException.generic("Invalid parameter '" + key + "'");
            }
        }
    }

    public String string(String key) {
        JsonNode v = opts.get(key);
        return v == null ? null : v.asText();
    }

    /** {@code qemu_opt_get_bool}, after {@code parse_option_bool}'s check. */
    public boolean bool(String key, boolean defaultValue) throws QmpException {
        String v = string(key);
        if (v == null) {
            return defaultValue;
        }
        switch (v) {
            case "on":
                return true;
            case "off":
                return false;
            default:
                throw QmpException.generic("Parameter '" + key + "' expects 'on' or 'off'");
        }
    }

    /** {@code qemu_opt_get_number}, after {@code parse_option_number}'s check. */
    public long number(String key, long defaultValue) throws QmpException {
        String v = string(key);
        if (v == null) {
            return defaultValue;
        }
        long[] end = new long[1];
        long n = Strtoull.parse(v, end);
        if (v.isEmpty() || end[0] != v.length()) {
            throw QmpException.generic("Parameter '" + key + "' expects a number");
        }
        return n;
    }

    public boolean has(String key) {
        return opts.has(key);
    }

    public Map<String, String> asMap() {
        Map<String, String> m = new java.util.LinkedHashMap<>();
        opts.fields().forEachRemaining(e -> m.put(e.getKey(), e.getValue().asText()));
        return m;
    }
}
