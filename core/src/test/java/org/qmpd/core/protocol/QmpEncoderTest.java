package org.qmpd.core.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;

import com.fasterxml.jackson.databind.node.ObjectNode;

import org.junit.jupiter.api.Test;
import org.qmpd.core.json.Json;

class QmpEncoderTest {
    @Test
    void membersComeOutInQemuQDictOrder() {
        // Orders seen in real QEMU output: return before id, id before error, micro/minor/major.
        ObjectNode response = Json.object();
        response.set("return", Json.object().put("running", true).put("singlestep", false).put("status", "running"));
        response.put("id", 1);
        assertEquals("{\"return\": {\"status\": \"running\", \"singlestep\": false, \"running\": true}, \"id\": 1}",
                QmpEncoder.toJson(response));
        assertEquals("{\"QMP\": {\"version\": {\"qemu\": {\"micro\": 0, \"minor\": 4, \"major\": 2}, \"package\": \" (qmpd "
                + Greeting.QMPD_VERSION + ")\"}, \"capabilities\": []}}\r\n", new String(Greeting.bytes(), StandardCharsets.US_ASCII));
    }

    @Test
    void messageEndsInCrlf() {
        byte[] b = QmpEncoder.encodeMessage(Json.object());
        assertEquals("{}\r\n", new String(b, StandardCharsets.US_ASCII));
    }

    @Test
    void nonAsciiIsEscapedInUpperCaseHexWithSurrogatePairs() {
        assertEquals("\"tab\\tand\\u00E9\\u20AC\\uD83D\\uDE00\\u0000\"",
                QmpEncoder.toJson(Json.NODES.textNode("tab\tand\u00e9\u20ac\ud83d\ude00\u0000")));
    }

    @Test
    void floatsArePrintedAsPercentFWithoutTrailingZeros() {
        assertEquals("1.5", QmpEncoder.toJson(Json.NODES.numberNode(1.5)));
        assertEquals("1000", QmpEncoder.toJson(Json.NODES.numberNode(1e3)));
        assertEquals("-0", QmpEncoder.toJson(Json.NODES.numberNode(-0.0)));
        assertEquals("18446744073709551616", QmpEncoder.toJson(Json.NODES.numberNode(18446744073709551616.0)));
    }

    @Test
    void listsUseCommaSpace() {
        assertEquals("[1, \"a\", null, []]", QmpEncoder.toJson(Json.NODES.arrayNode().add(1).add("a").addNull().add(Json.NODES.arrayNode())));
    }
}
