package org.qmpd.core.protocol;

import java.util.Iterator;
import java.math.BigDecimal;
import java.math.RoundingMode;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Writes a JSON tree exactly as QEMU 2.4's {@code qobject_to_json} does: members in QDict
 * order, {@code ": "} and {@code ", "} separators, ASCII only (everything else as
 * {@code \}{@code uXXXX} in upper-case hex, surrogate pairs beyond the BMP), floats as
 * {@code %f} without trailing zeros. Each message ends in CRLF.
 */
public final class QmpEncoder {
    private QmpEncoder() {
    }

    /** The bytes of one QMP message, CRLF included. */
    public static byte[] encodeMessage(JsonNode message) {
        return encodeMessage(message, false);
    }

    /**
     * The bytes of one QMP message; {@code pretty} as a {@code -mon pretty=on} monitor prints
     * it, over several lines indented by four spaces, every line ending in CRLF.
     */
    public static byte[] encodeMessage(JsonNode message, boolean pretty) {
        ByteSink out = new ByteSink(256);
        write(message, out, pretty ? 0 : -1);
        out.put((byte) '\r');
        out.put((byte) '\n');
        return out.toArray();
    }

    /** The JSON text of {@code node}, without a line end. */
    public static String toJson(JsonNode node) {
        ByteSink out = new ByteSink(128);
        write(node, out, -1);
        return out.toAscii();
    }

    /** {@code indent} is the nesting level when pretty printing, or -1 for one line. */
    static void write(JsonNode node, ByteSink out, int indent) {
        switch (node.getNodeType()) {
            case OBJECT:
                writeObject(node, out, indent);
                break;
            case ARRAY:
                out.put((byte) '[');
                boolean first = true;
                for (JsonNode element : node) {
                    separate(out, indent, first);
                    first = false;
                    write(element, out, indent < 0 ? -1 : indent + 1);
                }
                close(out, indent, ']');
                break;
            case STRING:
                writeString(node.textValue(), out);
                break;
            case NUMBER:
                writeNumber(node, out);
                break;
            case BOOLEAN:
                out.putAscii(node.booleanValue() ? "true" : "false");
                break;
            case NULL:
            case MISSING:
                out.putAscii("null");
                break;
            default:
                // POJO or binary nodes never come out of our trees; say so rather than guess.
                throw new IllegalArgumentException("cannot encode a " + node.getNodeType() + " node");
        }
    }

    private static void writeObject(JsonNode node, ByteSink out, int indent) {
        int size = node.size();
        out.put((byte) '{');
        if (size > 0) {
            String[] keys = new String[size];
            int n = 0;
            for (Iterator<String> it = node.fieldNames(); it.hasNext();) {
                keys[n++] = it.next();
            }
            QDictOrder.sort(keys, n);
            for (int i = 0; i < n; i++) {
                separate(out, indent, i == 0);
                writeString(keys[i], out);
                out.put((byte) ':');
                out.put((byte) ' ');
                write(node.get(keys[i]), out, indent < 0 ? -1 : indent + 1);
            }
        }
        close(out, indent, '}');
    }

    /** Before a member: {@code ", "} on one line; pretty, a comma, a line end and the indent. */
    private static void separate(ByteSink out, int indent, boolean first) {
        if (indent < 0) {
            if (!first) {
                out.put((byte) ',');
                out.put((byte) ' ');
            }
            return;
        }
        if (!first) {
            out.put((byte) ',');
        }
        newline(out, indent + 1);
    }

    private static void close(ByteSink out, int indent, char closer) {
        if (indent >= 0) {
            newline(out, indent);
        }
        out.put((byte) closer);
    }

    private static void newline(ByteSink out, int level) {
        out.put((byte) '\r');
        out.put((byte) '\n');
        for (int i = 0; i < level; i++) {
            out.putAscii("    ");
        }
    }

    private static void writeNumber(JsonNode node, ByteSink out) {
        if (node.isIntegralNumber() && node.canConvertToLong()) {
            out.putAscii(Long.toString(node.longValue()));
            return;
        }
        // QEMU holds every other number as a double and prints it with C's "%f" (the exact binary
        // value, rounded to six decimals), then trims. Java's %f would print shortest-repr digits.
        double value = node.doubleValue();
        String text = Double.isFinite(value)
                ? new BigDecimal(value).setScale(6, RoundingMode.HALF_EVEN).toPlainString()
                : (Double.isNaN(value) ? "nan" : value > 0 ? "inf" : "-inf");
        if (value == 0 && 1 / value < 0) {
            text = "-" + text; // BigDecimal has no negative zero
        }
        int len = text.length();
        while (len > 0 && text.charAt(len - 1) == '0') {
            len--;
        }
        if (len > 0 && text.charAt(len - 1) == '.') {
            len--;
        }
        out.putAscii(text.substring(0, len));
    }

    private static final byte[] HEX = "0123456789ABCDEF".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    static void writeString(String s, ByteSink out) {
        int len = s.length();
        out.ensure(len + 2);
        out.put((byte) '"');
        for (int i = 0; i < len; i++) {
            char c = s.charAt(i);
            if (c >= 0x20 && c < 0x7F && c != '"' && c != '\\') {
                out.put((byte) c);
                continue;
            }
            switch (c) {
                case '"': out.put((byte) '\\'); out.put((byte) '"'); break;
                case '\\': out.put((byte) '\\'); out.put((byte) '\\'); break;
                case '\b': out.put((byte) '\\'); out.put((byte) 'b'); break;
                case '\f': out.put((byte) '\\'); out.put((byte) 'f'); break;
                case '\n': out.put((byte) '\\'); out.put((byte) 'n'); break;
                case '\r': out.put((byte) '\\'); out.put((byte) 'r'); break;
                case '\t': out.put((byte) '\\'); out.put((byte) 't'); break;
                default:
                    if (c == 0x7F) {
                        out.put((byte) c);
                    } else {
                        out.put((byte) '\\');
                        out.put((byte) 'u');
                        out.put(HEX[(c >> 12) & 0xF]);
                        out.put(HEX[(c >> 8) & 0xF]);
                        out.put(HEX[(c >> 4) & 0xF]);
                        out.put(HEX[c & 0xF]);
                    }
            }
        }
        out.put((byte) '"');
    }
}
