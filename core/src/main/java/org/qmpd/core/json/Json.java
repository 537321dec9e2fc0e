package org.qmpd.core.json;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The core's one Jackson {@link ObjectMapper}, created on first use: a QMP session that only
 * negotiates and queries the status never pays for it, which keeps start-up fast.
 */
public final class Json {
    public static final JsonNodeFactory NODES = JsonNodeFactory.withExactBigDecimals(false);

    private Json() {
    }

    private static final class Holder {
        static final ObjectMapper MAPPER = new ObjectMapper()
                .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true)
                .configure(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES, true);
    }

    public static ObjectMapper mapper() {
        return Holder.MAPPER;
    }

    /** A handler's result as QMP sends it: a tree, with {@code null} as the empty object. */
    public static JsonNode toTree(Object value) {
        if (value == null) {
            return NODES.objectNode();
        }
        if (value instanceof JsonNode) {
            return (JsonNode) value;
        }
        if (value instanceof String) {
            return NODES.textNode((String) value);
        }
        if (value instanceof Long || value instanceof Integer) {
            return NODES.numberNode(((Number) value).longValue());
        }
        if (value instanceof Boolean) {
            return NODES.booleanNode((Boolean) value);
        }
        return mapper().valueToTree(value);
    }

    public static ObjectNode object() {
        return NODES.objectNode();
    }
}
