package org.qmpd.core.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

class JsonFramerTest {
    private final List<String> values = new ArrayList<>();
    private final JsonFramer framer = new JsonFramer((b, o, l) -> values.add(new String(b, o, l, StandardCharsets.UTF_8)));

    private void feed(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        framer.feed(b, 0, b.length);
    }

    @Test
    void objectWithoutNewlineIsComplete() {
        feed("{\"execute\": \"query-status\"}");
        assertEquals(List.of("{\"execute\": \"query-status\"}"), values);
    }

    @Test
    void valueSplitAcrossReadsIsJoined() {
        feed("{\"execute\": \"query-");
        assertTrue(values.isEmpty());
        feed("version\", \"id\": \"split\"}");
        assertEquals(List.of("{\"execute\": \"query-version\", \"id\": \"split\"}"), values);
    }

    @Test
    void severalValuesInOneReadAreSeparated() {
        feed("{\"a\":1}{\"b\":[1,{\"c\":2}]}  \r\n{'d':'}'}");
        assertEquals(List.of("{\"a\":1}", "{\"b\":[1,{\"c\":2}]}", "{'d':'}'}"), values);
    }

    @Test
    void bracketsInsideStringsDoNotCount() {
        feed("{\"id\": \"}]{[\\\"\"}");
        assertEquals(1, values.size());
    }

    @Test
    void singleQuotedStringMayHoldDoubleQuotesAndEscapedQuote() {
        feed("{'id': 'say \"hi\" it\\'s'}");
        assertEquals(List.of("{'id': 'say \"hi\" it\\'s'}"), values);
    }

    @Test
    void topLevelScalarsAreValuesOfTheirOwn() {
        feed("1 \"str\" null true 3.5 ");
        assertEquals(List.of("1", "\"str\"", "null", "true", "3.5"), values);
    }

    @Test
    void scalarWaitsForItsDelimiter() {
        feed("12");
        assertTrue(values.isEmpty());
        feed("34{}");
        assertEquals(List.of("1234", "{}"), values);
    }

    @Test
    void strayClosersAreValuesOfTheirOwn() {
        feed("}]");
        assertEquals(List.of("}", "]"), values);
    }

    @Test
    void mismatchedCloserEndsTheValue() {
        feed("{\"execute\": \"query-status\"]");
        assertEquals(List.of("{\"execute\": \"query-status\"]"), values);
    }

    @Test
    void nestingBeyondTheLimitIsCutOffAndFramingResumes() {
        StringBuilder deep = new StringBuilder();
        for (int i = 0; i < JsonFramer.MAX_NESTING + 5; i++) {
            deep.append('[');
        }
        feed(deep.toString());
        assertEquals(1, values.size());
        assertEquals(JsonFramer.MAX_NESTING + 1, values.get(0).length());
        values.clear();
        feed("{\"ok\":1}");
        // the four brackets left over start a new value that the object completes only with closers
        assertTrue(values.isEmpty() || values.get(values.size() - 1).endsWith("}"));
    }

    @Test
    void largeValueIsFramedInOnePiece() {
        StringBuilder big = new StringBuilder("{\"execute\":\"query-status\",\"id\":\"");
        for (int i = 0; i < 4 << 20; i++) {
            big.append('x');
        }
        big.append("\"}");
        byte[] b = big.toString().getBytes(StandardCharsets.US_ASCII);
        for (int off = 0; off < b.length; off += 65536) {
            framer.feed(b, off, Math.min(65536, b.length - off));
        }
        assertEquals(1, values.size());
        assertEquals(b.length, values.get(0).length());
    }
}
