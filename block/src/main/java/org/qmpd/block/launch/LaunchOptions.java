package org.qmpd.block.launch;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.qmpd.core.api.Arguments;
import org.qmpd.core.api.QmpException;

/** The {@code opts} of an internal launch command: a flat map of option strings. */
final class LaunchOptions {
    private LaunchOptions() {
    }

    static Map<String, String> flat(Arguments args) throws QmpException {
        ObjectNode opts = args.dict("opts");
        Map<String, String> flat = new LinkedHashMap<>();
        if (opts == null) {
            return flat;
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = opts.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> e = it.next();
            flat.put(e.getKey(), e.getValue().asText());
        }
        return flat;
    }
}
