package org.qmpd.core.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.Test;

class QmpParserTest {
    static JsonNode parse(String s) throws QmpParser.SyntaxException {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        return QmpParser.parse(b, 0, b.length);
    }

    @Test
    void singleQuotedStringsAndEscapedQuoteAreAccepted() throws Exception {
        JsonNode n = parse("{'execute': 'query-status', 'id': 'it\\'s'}");
        assertEquals("query-status", n.get("execute").asText());
        assertEquals("it's", n.get("id").asText());
    }

    @Test
    void repeatedKeyKeepsTheLastValue() throws Exception {
        assertEquals("dup2", parse("{\"id\": \"dup\", \"id\": \"dup2\"}").get("id").asText());
    }

    @Test
    void integerBeyondInt64BecomesAFloat() throws Exception {
        JsonNode n = parse("18446744073709551616");
        assertTrue(n.isDouble());
        assertTrue(parse("9223372036854775807").isIntegralNumber());
    }

    @Test
    void malformedInputIsASyntaxError() {
        for (String bad : new String[] {"{\"execute\": \"query-status\",}", "{\"execute\" \"x\"}", "{\"execute\": query-status}",
                "}", "@", "{\"id\": 01}", "{\"id\": tru}", "{\"id\": \"bad\\qescape\"}", "{\"id\": TRUE}", "1 2"}) {
            assertThrows(QmpParser.SyntaxException.class, () -> parse(bad), bad);
        }
    }

    @Test
    void invalidUtf8IsASyntaxError() {
        byte[] b = {'"', 'a', (byte) 0xE9, '"'};
        assertThrows(QmpParser.SyntaxException.class, () -> QmpParser.parse(b, 0, b.length));
    }

    @Test
    void rawControlCharacterInsideAStringIsAcceptedAs24Does() throws Exception {
        assertEquals("a\nb", parse("\"a\nb\"").asText());
    }
}
