package org.qmpd.rocker.qmp;

import java.math.BigInteger;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.qmpd.core.api.QmpException;
import org.qmpd.rocker.ofdpa.Bytes;
import org.qmpd.rocker.ofdpa.IpPrefix;

/**
 * Reads a nested argument object (a flow's {@code key}, {@code mask}, {@code action}) the way
 * 2.4's strict QAPI input visitor reads a struct: members in schema order, each with its type
 * and range ({@code Invalid parameter type for 'vlan-id', expected: integer},
 * {@code Parameter 'vlan-id' expects uint16_t}), then {@link #end} refuses any member left
 * unread ({@code QMP input object member 'x' is unexpected}).
 */
final class Dict {
    private static final BigInteger UINT64_LIMIT = BigInteger.ONE.shiftLeft(64);

    private final ObjectNode node;
    private final Set<String> read = new HashSet<>();

    Dict(ObjectNode node) {
        this.node = node;
    }

    private JsonNode get(String name) {
        read.add(name);
        return node.get(name);
    }

    Long uint32(String name) throws QmpException {
        return ranged(get(name), name, 0xffff_ffffL, "uint32_t");
    }

    Integer uint16(String name) throws QmpException {
        Long v = ranged(get(name), name, 0xffff, "uint16_t");
        return v == null ? null : v.intValue();
    }

    Integer uint8(String name) throws QmpException {
        Long v = ranged(get(name), name, 0xff, "uint8_t");
        return v == null ? null : v.intValue();
    }

    Long required(Long value, String name) throws QmpException {
        if (value == null) {
            throw QmpException.generic("Parameter '" + name + "' is missing");
        }
        return value;
    }

    static Long ranged(JsonNode v, String name, long max, String cType) throws QmpException {
        if (v == null) {
            return null;
        }
        if (!v.isIntegralNumber() || !v.canConvertToLong()) {
            throw QmpException.generic("Invalid parameter type for '" + name + "', expected: integer");
        }
        long value = v.asLong();
        if (value < 0 || value > max) {
            throw QmpException.generic("Parameter '" + name + "' expects " + cType);
        }
        return value;
    }

    /** A uint64 as 2.4 reads one: any JSON integer of 64 bits, negative ones wrapping. */
    static long uint64(JsonNode v, String name) throws QmpException {
        if (v == null || !v.isIntegralNumber()) {
            throw QmpException.generic("Invalid parameter type for '" + name + "', expected: integer");
        }
        BigInteger b = v.bigIntegerValue();
        if (b.bitLength() > 64 || b.signum() > 0 && b.compareTo(UINT64_LIMIT) >= 0) {
            throw QmpException.generic("Parameter '" + name + "' expects uint64");
        }
        return b.longValue();
    }

    String string(String name) throws QmpException {
        JsonNode v = get(name);
        if (v == null) {
            return null;
        }
        if (!v.isTextual()) {
            throw QmpException.generic("Invalid parameter type for '" + name + "', expected: string");
        }
        return v.asText();
    }

    Long mac(String name) throws QmpException {
        return mac(string(name), name);
    }

    static Long mac(String text, String name) throws QmpException {
        if (text == null) {
            return null;
        }
        long mac = Bytes.parseMac(text);
        if (mac < 0) {
            throw QmpException.generic("Parameter '" + name + "' expects a MAC address");
        }
        return mac;
    }

    IpPrefix prefix(String name) throws QmpException {
        String text = string(name);
        if (text == null) {
            return null;
        }
        IpPrefix p = IpPrefix.parse(text);
        if (p == null) {
            throw QmpException.generic("Parameter '" + name + "' expects an IP address with an optional /prefix length");
        }
        return p;
    }

    /** A list of uint32, as {@code group-ids}. */
    static long[] uint32List(JsonNode v, String name) throws QmpException {
        if (v == null) {
            return null;
        }
        if (!v.isArray()) {
            throw QmpException.generic("Invalid parameter type for '" + name + "', expected: list");
        }
        ArrayNode a = (ArrayNode) v;
        long[] values = new long[a.size()];
        for (int i = 0; i < values.length; i++) {
            // the 2.4 visitor names list elements "null"
            values[i] = ranged(a.get(i), "null", 0xffff_ffffL, "uint32_t");
        }
        return values;
    }

    /** Refuses members no read asked for, as the strict visitor's {@code end_struct}. */
    void end() throws QmpException {
        for (Iterator<String> it = node.fieldNames(); it.hasNext();) {
            String k = it.next();
            if (!read.contains(k)) {
                throw QmpException.generic("QMP input object member '" + k + "' is unexpected");
            }
        }
    }
}
