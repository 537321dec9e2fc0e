package org.qmpd.core.protocol;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Parses one framed value into a tree, reading QEMU 2.4's JSON dialect straight from the bytes:
 * strings in double or single quotes, {@code \'} among the escapes, raw control characters
 * inside strings (2.4's lexer lets them through), a repeated key keeping its last value, and an
 * integer beyond int64 becoming a float (2.4 falls back to QFloat on ERANGE). Input must be
 * valid UTF-8. An ASCII string becomes a Java string in one copy, so a 16 MiB argument costs
 * 16 MiB, not the several copies a general-purpose parser makes.
 */
public final class QmpParser {
    private static final JsonNodeFactory NODES = JsonNodeFactory.withExactBigDecimals(false);

    /** Thrown for anything QEMU would answer with "Invalid JSON syntax". */
    public static final class SyntaxException extends Exception {
        private static final long serialVersionUID = 1L;

        SyntaxException(String detail) {
            super(detail, null, false, false);
        }
    }

    private final byte[] b;
    private final int end;
    private int pos;

    private QmpParser(byte[] buf, int offset, int length) {
        this.b = buf;
        this.pos = offset;
        this.end = offset + length;
    }

    public static JsonNode parse(byte[] buf, int offset, int length) throws SyntaxException {
        QmpParser p = new QmpParser(buf, offset, length);
        JsonNode value = p.value(0);
        p.skipSpace();
        if (p.pos != p.end) {
            throw p.error("trailing characters");
        }
        return value;
    }

    private SyntaxException error(String what) {
        return new SyntaxException(what + " at byte " + pos);
    }

    private void skipSpace() {
        while (pos < end) {
            byte c = b[pos];
            if (c != ' ' && c != '\n' && c != '\r' && c != '\t') {
                return;
            }
            pos++;
        }
    }

    private JsonNode value(int depth) throws SyntaxException {
        skipSpace();
        if (pos >= end) {
            throw error("expecting a value");
        }
        byte c = b[pos];
        switch (c) {
            case '{':
                return object(depth + 1);
            case '[':
                return array(depth + 1);
            case '"':
            case '\'':
                return NODES.textNode(string());
            case 't':
                keyword("true");
                return NODES.booleanNode(true);
            case 'f':
                keyword("false");
                return NODES.booleanNode(false);
            case 'n':
                keyword("null");
                return NODES.nullNode();
            default:
                if (c == '-' || (c >= '0' && c <= '9')) {
                    return number();
                }
                throw error("unexpected character");
        }
    }

    private void checkDepth(int depth) throws SyntaxException {
        if (depth > JsonFramer.MAX_NESTING) {
            throw error("nesting too deep");
        }
    }

    private ObjectNode object(int depth) throws SyntaxException {
        checkDepth(depth);
        pos++; // {
        ObjectNode object = NODES.objectNode();
        skipSpace();
        if (pos < end && b[pos] == '}') {
            pos++;
            return object;
        }
        while (true) {
            skipSpace();
            if (pos >= end || (b[pos] != '"' && b[pos] != '\'')) {
                throw error("key is not a string");
            }
            String key = string();
            skipSpace();
            if (pos >= end || b[pos] != ':') {
                throw error("missing : in object pair");
            }
            pos++;
            object.set(key, value(depth));
            skipSpace();
            if (pos >= end) {
                throw error("unterminated object");
            }
            byte c = b[pos++];
            if (c == '}') {
                return object;
            }
            if (c != ',') {
                throw error("expected separator in dict");
            }
        }
    }

    private ArrayNode array(int depth) throws SyntaxException {
        checkDepth(depth);
        pos++; // [
        ArrayNode array = NODES.arrayNode();
        skipSpace();
        if (pos < end && b[pos] == ']') {
            pos++;
            return array;
        }
        while (true) {
            array.add(value(depth));
            skipSpace();
            if (pos >= end) {
                throw error("unterminated array");
            }
            byte c = b[pos++];
            if (c == ']') {
                return array;
            }
            if (c != ',') {
                throw error("expected separator in list");
            }
        }
    }

    private void keyword(String word) throws SyntaxException {
        int n = word.length();
        if (pos + n > end) {
            throw error("invalid keyword");
        }
        for (int i = 0; i < n; i++) {
            if (b[pos + i] != word.charAt(i)) {
                throw error("invalid keyword");
            }
        }
        pos += n;
        if (pos < end && isLetter(b[pos])) {
            throw error("invalid keyword");
        }
    }

    private static boolean isLetter(byte c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    private JsonNode number() throws SyntaxException {
        int start = pos;
        boolean integral = true;
        if (b[pos] == '-') {
            pos++;
        }
        if (pos >= end) {
            throw error("invalid number");
        }
        if (b[pos] == '0') {
            pos++;
            if (pos < end && b[pos] >= '0' && b[pos] <= '9') {
                throw error("leading zero");
            }
        } else if (b[pos] >= '1' && b[pos] <= '9') {
            digits();
        } else {
            throw error("invalid number");
        }
        if (pos < end && b[pos] == '.') {
            integral = false;
            pos++;
            if (digits() == 0) {
                throw error("invalid number");
            }
        }
        if (pos < end && (b[pos] == 'e' || b[pos] == 'E')) {
            integral = false;
            pos++;
            if (pos < end && (b[pos] == '+' || b[pos] == '-')) {
                pos++;
            }
            if (digits() == 0) {
                throw error("invalid number");
            }
        }
        String text = new String(b, start, pos - start, StandardCharsets.ISO_8859_1);
        if (integral) {
            try {
                return NODES.numberNode(Long.parseLong(text));
            } catch (NumberFormatException e) {
                // beyond int64: 2.4 makes it a float
            }
        }
        return NODES.numberNode(Double.parseDouble(text));
    }

    private int digits() {
        int start = pos;
        while (pos < end && b[pos] >= '0' && b[pos] <= '9') {
            pos++;
        }
        return pos - start;
    }

    /** A quoted string at {@code pos}; returns its value and leaves {@code pos} after the closing quote. */
    private String string() throws SyntaxException {
        byte quote = b[pos++];
        int start = pos;
        // Fast path: plain ASCII up to the closing quote becomes a string in one copy.
        int i = pos;
        while (i < end) {
            byte c = b[i];
            if (c == quote || c == '\\' || c < 0x01) {
                break;
            }
            i++;
        }
        if (i < end && b[i] == quote) {
            pos = i + 1;
            return new String(b, start, i - start, StandardCharsets.ISO_8859_1);
        }
        return slowString(quote, start);
    }

    /** Strings with escapes or non-ASCII bytes, decoded and validated as UTF-8. */
    private String slowString(byte quote, int start) throws SyntaxException {
        StringBuilder out = new StringBuilder();
        int run = start; // start of raw bytes not yet decoded
        int i = start;
        while (true) {
            if (i >= end) {
                throw error("unterminated string");
            }
            byte c = b[i];
            if (c == quote || c == '\\') {
                decodeUtf8(run, i, out);
                if (c == quote) {
                    pos = i + 1;
                    return out.toString();
                }
                i = escape(i + 1, out);
                run = i;
            } else if (c == 0) {
                throw error("NUL byte in string");
            } else {
                i++;
            }
        }
    }

    private int escape(int i, StringBuilder out) throws SyntaxException {
        if (i >= end) {
            throw error("unterminated escape");
        }
        byte c = b[i];
        switch (c) {
            case '"': out.append('"'); return i + 1;
            case '\'': out.append('\''); return i + 1;
            case '\\': out.append('\\'); return i + 1;
            case '/': out.append('/'); return i + 1;
            case 'b': out.append('\b'); return i + 1;
            case 'f': out.append('\f'); return i + 1;
            case 'n': out.append('\n'); return i + 1;
            case 'r': out.append('\r'); return i + 1;
            case 't': out.append('\t'); return i + 1;
            case 'u':
                if (i + 5 > end) {
                    throw error("invalid escape sequence in string");
                }
                int v = 0;
                for (int k = 1; k <= 4; k++) {
                    int d = Character.digit(b[i + k], 16);
                    if (d < 0) {
                        throw error("invalid escape sequence in string");
                    }
                    v = v << 4 | d;
                }
                out.append((char) v);
                return i + 5;
            default:
                throw error("invalid escape sequence in string");
        }
    }

    private void decodeUtf8(int from, int to, StringBuilder out) throws SyntaxException {
        if (from == to) {
            return;
        }
        boolean ascii = true;
        for (int k = from; k < to; k++) {
            if (b[k] < 0) {
                ascii = false;
                break;
            }
        }
        if (ascii) {
            out.append(new String(b, from, to - from, StandardCharsets.ISO_8859_1));
            return;
        }
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        try {
            CharBuffer chars = decoder.decode(ByteBuffer.wrap(b, from, to - from));
            out.append(chars);
        } catch (CharacterCodingException e) {
            throw error("invalid UTF-8 sequence in string");
        }
    }
}
