package org.qmpd.core.dispatch;

import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.qmpd.core.api.QmpException;
import org.qmpd.core.protocol.QDictOrder;

/**
 * A command's {@code args_type} in the notation of QEMU 2.4's {@code monitor.c}
 * ({@code node:B,name:s,granularity:i?}), and the check {@code qmp_check_client_args} makes
 * with it before any handler runs:
 * <ol>
 * <li>every mandatory argument is present, else {@code Parameter 'x' is missing};</li>
 * <li>then, for each argument the client sent, in QDict order: an unknown name gives
 * {@code Invalid parameter 'x'} (unless the type has an {@code O}), a wrong JSON type gives
 * {@code Invalid parameter type for 'x', expected: int|bool|string|number}.</li>
 * </ol>
 * Mandatory arguments are visited in QDict order too, so the one reported first is the one
 * QEMU reports.
 */
public final class ArgsType {
    /** What QMP accepts for each letter, and the word 2.4 uses when the type is wrong. */
    enum Kind {
        STRING("string"), INT("int"), NUMBER("number"), BOOL("bool"), ANY(null), OPTIONS(null);

        final String expected;

        Kind(String expected) {
            this.expected = expected;
        }
    }

    record Param(String name, Kind kind, boolean optional) {
    }

    private final String text;
    private final Map<String, Param> params;
    private final String[] mandatoryInQDictOrder;
    private final boolean acceptUnknowns;

    private ArgsType(String text, Map<String, Param> params) {
        this.text = text;
        this.params = Collections.unmodifiableMap(params);
        String[] names = params.keySet().toArray(new String[0]);
        QDictOrder.sort(names, names.length);
        this.mandatoryInQDictOrder = java.util.Arrays.stream(names)
                .filter(n -> !params.get(n).optional())
                .toArray(String[]::new);
        this.acceptUnknowns = params.values().stream().anyMatch(p -> p.kind() == Kind.OPTIONS);
    }

    /**
     * Parses an args type. Letters QMP cannot take ({@code S /  .}) and malformed entries are
     * refused, so a bad registration fails when the command is added, not when it runs.
     */
    public static ArgsType parse(String text) {
        Map<String, Param> params = new LinkedHashMap<>();
        if (text == null || text.isEmpty()) {
            return new ArgsType("", params);
        }
        int options = 0;
        for (String entry : text.split(",")) {
            int colon = entry.indexOf(':');
            if (colon <= 0 || colon == entry.length() - 1) {
                throw new IllegalArgumentException("malformed args type entry '" + entry + "' in '" + text + "'");
            }
            String name = entry.substring(0, colon);
            String type = entry.substring(colon + 1);
            char letter = type.charAt(0);
            String rest = type.substring(1);
            // As check_mandatory_args: '-' flags and the O catch-all are never mandatory.
            boolean optional = rest.equals("?") || letter == '-' || letter == 'O';
            if (!rest.isEmpty() && !rest.equals("?")) {
                throw new IllegalArgumentException("malformed type '" + type + "' for '" + name + "'");
            }
            Kind kind = kindOf(letter, name);
            if (kind == Kind.OPTIONS && ++options > 1) {
                throw new IllegalArgumentException("more than one O argument in '" + text + "'");
            }
            if (params.put(name, new Param(name, kind, optional)) != null) {
                throw new IllegalArgumentException("argument '" + name + "' declared twice in '" + text + "'");
            }
        }
        return new ArgsType(text, params);
    }

    private static Kind kindOf(char letter, String name) {
        switch (letter) {
            case 's': case 'F': case 'B':
                return Kind.STRING;
            case 'i': case 'l': case 'M': case 'o':
                return Kind.INT;
            case 'T':
                return Kind.NUMBER;
            case 'b': case '-':
                return Kind.BOOL;
            case 'q':
                return Kind.ANY;
            case 'O':
                return Kind.OPTIONS;
            default:
                throw new IllegalArgumentException("type letter '" + letter + "' of '" + name + "' is not valid in QMP");
        }
    }

    /** Checks {@code args} as 2.4 does; throws the first error QEMU would report. */
    public void check(ObjectNode args) throws QmpException {
        for (String name : mandatoryInQDictOrder) {
            if (!args.has(name)) {
                throw QmpException.generic("Parameter '" + name + "' is missing");
            }
        }
        int size = args.size();
        if (size == 0) {
            return;
        }
        String[] sent = new String[size];
        int n = 0;
        for (Iterator<String> it = args.fieldNames(); it.hasNext();) {
            sent[n++] = it.next();
        }
        QDictOrder.sort(sent, n);
        for (int i = 0; i < n; i++) {
            String name = sent[i];
            Param param = params.get(name);
            if (param == null) {
                if (acceptUnknowns) {
                    continue;
                }
                throw QmpException.generic("Invalid parameter '" + name + "'");
            }
            if (!accepts(param.kind(), args.get(name))) {
                throw QmpException.generic("Invalid parameter type for '" + name + "', expected: " + param.kind().expected);
            }
        }
    }

    private static boolean accepts(Kind kind, JsonNode value) {
        switch (kind) {
            case STRING:
                return value.isTextual();
            case INT:
                return value.isIntegralNumber();
            case NUMBER:
                return value.isNumber();
            case BOOL:
                return value.isBoolean();
            default:
                return true;
        }
    }

    /** The declared arguments, in declaration order. */
    public Map<String, Param> params() {
        return params;
    }

    @Override
    public String toString() {
        return text;
    }
}
