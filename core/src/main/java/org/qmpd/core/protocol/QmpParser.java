package org.qmpd.core.protocol;

import java.io.IOException;
import java.math.BigInteger;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Parses one framed value into a tree with QEMU 2.4's JSON dialect: single-quoted strings and
 * {@code \'} are accepted, raw control characters inside strings too, a repeated key keeps
 * its last value, and an integer beyond int64 becomes a float (2.4's parser falls back to
 * QFloat on ERANGE).
 */
public final class QmpParser {
    private static final JsonFactory FACTORY = JsonFactory.builder()
            .enable(JsonReadFeature.ALLOW_SINGLE_QUOTES)
            .enable(JsonReadFeature.ALLOW_UNESCAPED_CONTROL_CHARS)
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxStringLength(JsonFramer.MAX_TOKEN_SIZE)
                    .maxNumberLength(JsonFramer.MAX_TOKEN_SIZE)
                    .maxNestingDepth(JsonFramer.MAX_NESTING + 1)
                    .maxDocumentLength(-1)
                    .build())
            .build();

    private static final JsonNodeFactory NODES = JsonNodeFactory.withExactBigDecimals(false);

    /** Thrown for anything QEMU would answer with "Invalid JSON syntax". */
    public static final class SyntaxException extends Exception {
        private static final long serialVersionUID = 1L;

        SyntaxException(String detail) {
            super(detail, null, false, false);
        }
    }

    private QmpParser() {
    }

    public static JsonNode parse(byte[] buf, int offset, int length) throws SyntaxException {
        try (JsonParser parser = FACTORY.createParser(buf, offset, length)) {
            JsonToken first = parser.nextToken();
            if (first == null) {
                throw new SyntaxException("empty value");
            }
            JsonNode value = read(parser, first);
            if (parser.nextToken() != null) {
                throw new SyntaxException("trailing characters");
            }
            return value;
        } catch (IOException e) {
            throw new SyntaxException(e.getMessage());
        } catch (IllegalArgumentException e) {
            throw new SyntaxException(String.valueOf(e.getMessage()));
        }
    }

    private static JsonNode read(JsonParser parser, JsonToken token) throws IOException {
        switch (token) {
            case START_OBJECT: {
                ObjectNode object = NODES.objectNode();
                for (JsonToken t = parser.nextToken(); t != JsonToken.END_OBJECT; t = parser.nextToken()) {
                    String name = parser.currentName();
                    object.set(name, read(parser, parser.nextToken()));
                }
                return object;
            }
            case START_ARRAY: {
                ArrayNode array = NODES.arrayNode();
                for (JsonToken t = parser.nextToken(); t != JsonToken.END_ARRAY; t = parser.nextToken()) {
                    array.add(read(parser, t));
                }
                return array;
            }
            case VALUE_STRING:
                return NODES.textNode(parser.getText());
            case VALUE_NUMBER_INT:
                if (parser.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
                    BigInteger big = parser.getBigIntegerValue();
                    return NODES.numberNode(big.doubleValue());
                }
                return NODES.numberNode(parser.getLongValue());
            case VALUE_NUMBER_FLOAT:
                return NODES.numberNode(parser.getDoubleValue());
            case VALUE_TRUE:
                return NODES.booleanNode(true);
            case VALUE_FALSE:
                return NODES.booleanNode(false);
            case VALUE_NULL:
                return NODES.nullNode();
            default:
                throw new IOException("unexpected " + token);
        }
    }
}
