package org.qmpd.core.api;

import java.util.Arrays;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A command's arguments object, already checked against the command's args type: every
 * mandatory argument is present, no unknown one (unless the type has {@code O}) and each has
 * the JSON type its letter asks for. The typed accessors add the checks QEMU 2.4's QAPI
 * visitor made after that, with its words ({@code Parameter 'x' expects uint32_t},
 * {@code Invalid parameter 'value'}).
 */
public interface Arguments {
    /** The arguments object, already checked against the command's args type. */
    ObjectNode json();

    /**
     * Arguments built in code, for calling a handler directly (an HMP command running its QMP
     * twin, a test). {@link #as} converts with a plain Jackson mapper.
     */
    static Arguments of(ObjectNode json) {
        return new Arguments() {
            @Override
            public ObjectNode json() {
                return json;
            }

            @Override
            public <T> T as(Class<T> type) throws QmpException {
                try {
                    return new com.fasterxml.jackson.databind.ObjectMapper().treeToValue(json, type);
                } catch (com.fasterxml.jackson.core.JsonProcessingException | IllegalArgumentException e) {
                    throw QmpException.generic(String.valueOf(e.getMessage()));
                }
            }
        };
    }

    /** Converts the whole object to {@code type} (a record, usually) with Jackson. */
    <T> T as(Class<T> type) throws QmpException;

    default boolean has(String name) {
        return json().has(name);
    }

    /** A string argument, or null when absent. */
    default String string(String name) {
        JsonNode node = json().get(name);
        return node == null ? null : node.asText();
    }

    default String string(String name, String defaultValue) {
        String value = string(name);
        return value == null ? defaultValue : value;
    }

    /** An integer argument; it must be present. */
    default long integer(String name) {
        JsonNode node = json().get(name);
        if (node == null) {
            throw new IllegalStateException("argument '" + name + "' is not declared mandatory");
        }
        return node.asLong();
    }

    default long integer(String name, long defaultValue) {
        JsonNode node = json().get(name);
        return node == null ? defaultValue : node.asLong();
    }

    default boolean bool(String name, boolean defaultValue) {
        JsonNode node = json().get(name);
        return node == null ? defaultValue : node.asBoolean();
    }

    /** A number argument ({@code T}), integer or not. */
    default double number(String name, double defaultValue) {
        JsonNode node = json().get(name);
        return node == null ? defaultValue : node.asDouble();
    }

    /** An integer in {@code [0, 2^32)}, else {@code Parameter 'name' expects uint32_t}. */
    default long uint32(String name, long defaultValue) throws QmpException {
        return ranged(name, defaultValue, 0, 0xFFFF_FFFFL, "uint32_t");
    }

    default long uint16(String name, long defaultValue) throws QmpException {
        return ranged(name, defaultValue, 0, 0xFFFF, "uint16_t");
    }

    default long uint8(String name, long defaultValue) throws QmpException {
        return ranged(name, defaultValue, 0, 0xFF, "uint8_t");
    }

    default long int32(String name, long defaultValue) throws QmpException {
        return ranged(name, defaultValue, Integer.MIN_VALUE, Integer.MAX_VALUE, "int32_t");
    }

    private long ranged(String name, long defaultValue, long min, long max, String cType) throws QmpException {
        JsonNode node = json().get(name);
        if (node == null) {
            return defaultValue;
        }
        if (!node.isIntegralNumber()) {
            throw QmpException.generic("Invalid parameter type for '" + name + "', expected: integer");
        }
        long value = node.asLong();
        if (value < min || value > max) {
            throw QmpException.generic("Parameter '" + name + "' expects " + cType);
        }
        return value;
    }

    /**
     * An enum argument as 2.4's visitor checks it: a value outside {@code allowed} gives
     * {@code Invalid parameter '<value>'} (the value, not the name).
     */
    default String enumValue(String name, String defaultValue, String... allowed) throws QmpException {
        JsonNode node = json().get(name);
        if (node == null) {
            return defaultValue;
        }
        if (!node.isTextual()) {
            throw QmpException.generic("Invalid parameter type for '" + name + "', expected: string");
        }
        String value = node.asText();
        if (Arrays.asList(allowed).contains(value)) {
            return value;
        }
        throw QmpException.generic("Invalid parameter '" + value + "'");
    }

    /** A list argument ({@code q}), else {@code Invalid parameter type for 'name', expected: list}. */
    default ArrayNode list(String name) throws QmpException {
        JsonNode node = json().get(name);
        if (node == null) {
            return null;
        }
        if (!node.isArray()) {
            throw QmpException.generic("Invalid parameter type for '" + name + "', expected: list");
        }
        return (ArrayNode) node;
    }

    /** An object argument ({@code q}), else {@code Invalid parameter type for 'name', expected: QDict}. */
    default ObjectNode dict(String name) throws QmpException {
        JsonNode node = json().get(name);
        if (node == null) {
            return null;
        }
        if (!node.isObject()) {
            throw QmpException.generic("Invalid parameter type for '" + name + "', expected: QDict");
        }
        return (ObjectNode) node;
    }
}
