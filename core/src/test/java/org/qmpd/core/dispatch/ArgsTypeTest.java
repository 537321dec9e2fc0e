package org.qmpd.core.dispatch;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.node.ObjectNode;

import org.junit.jupiter.api.Test;
import org.qmpd.core.api.ErrorClass;
import org.qmpd.core.api.QmpException;
import org.qmpd.core.json.Json;
import org.qmpd.core.protocol.QmpParser;

class ArgsTypeTest {
    static ObjectNode args(String json) {
        byte[] b = json.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        try {
            return (ObjectNode) QmpParser.parse(b, 0, b.length);
        } catch (QmpParser.SyntaxException e) {
            throw new AssertionError(e);
        }
    }

    static String error(String type, String json) {
        QmpException e = assertThrows(QmpException.class, () -> ArgsType.parse(type).check(args(json)));
        assertEquals(ErrorClass.GenericError, e.errorClass());
        return e.desc();
    }

    static void ok(String type, String json) {
        assertDoesNotThrow(() -> ArgsType.parse(type).check(args(json)));
    }

    @Test
    void missingMandatoryArgument() {
        assertEquals("Parameter 'name' is missing", error("node:B,name:s,granularity:i?", "{\"node\": \"drive0\"}"));
        assertEquals("Parameter 'node' is missing", error("node:B,name:s,granularity:i?", "{\"name\": \"x\"}"));
    }

    @Test
    void missingIsReportedBeforeUnknownAndType() {
        assertEquals("Parameter 'name' is missing", error("node:B,name:s", "{\"node\": 5, \"bogus\": 1}"));
    }

    @Test
    void theFirstMissingIsTheFirstInQDictOrder() {
        // QEMU walks the declared arguments in QDict order: for drive-backup, 'target' before 'sync' and 'device'.
        String type = "sync:s,device:B,target:s,speed:i?,mode:s?,format:s?,bitmap:s?,on-source-error:s?,on-target-error:s?";
        String expected = error(type, "{}");
        String[] names = {"sync", "device", "target"};
        String[] sorted = names.clone();
        org.qmpd.core.protocol.QDictOrder.sort(sorted, sorted.length);
        assertEquals("Parameter '" + sorted[0] + "' is missing", expected);
    }

    @Test
    void unknownArgument() {
        assertEquals("Invalid parameter 'foo'", error("", "{\"foo\": 1}"));
        assertEquals("Invalid parameter 'extra'", error("node:B,name:s", "{\"node\": \"a\", \"name\": \"b\", \"extra\": true}"));
    }

    @Test
    void eachLetterChecksItsJsonTypeWith24Words() {
        for (String letter : new String[] {"s", "F", "B"}) {
            assertEquals("Invalid parameter type for 'x', expected: string", error("x:" + letter, "{\"x\": 5}"));
            ok("x:" + letter, "{\"x\": \"v\"}");
        }
        for (String letter : new String[] {"i", "l", "M", "o"}) {
            assertEquals("Invalid parameter type for 'x', expected: int", error("x:" + letter, "{\"x\": \"big\"}"));
            assertEquals("Invalid parameter type for 'x', expected: int", error("x:" + letter, "{\"x\": 65536.0}"));
            assertEquals("Invalid parameter type for 'x', expected: int", error("x:" + letter, "{\"x\": 18446744073709551616}"));
            ok("x:" + letter, "{\"x\": -3}");
        }
        assertEquals("Invalid parameter type for 'x', expected: number", error("x:T", "{\"x\": \"1\"}"));
        ok("x:T", "{\"x\": 1}");
        ok("x:T", "{\"x\": 1.5}");
        for (String letter : new String[] {"b", "-"}) {
            assertEquals("Invalid parameter type for 'x', expected: bool", error("x:" + letter, "{\"x\": 1}"));
            ok("x:" + letter, "{\"x\": false}");
        }
        ok("x:q", "{\"x\": [1, {\"a\": null}]}");
        ok("x:q", "{\"x\": \"anything\"}");
    }

    @Test
    void optionalArgumentsMayBeLeftOut() {
        ok("x:i?,y:s?,z:-", "{}");
    }

    @Test
    void optionsLetterLetsUnknownKeysThroughAndIsNeverMandatory() {
        ok("device:O", "{\"driver\": \"rocker\", \"name\": \"sw1\", \"len-ports\": 2}");
        ok("device:O", "{}");
    }

    @Test
    void typeErrorsAndUnknownsAreFoundInQDictOrderOfTheSentArguments() {
        String type = "a:i,b:i";
        ObjectNode sent = Json.object().put("a", "x").put("b", "y");
        String[] order = {"a", "b"};
        org.qmpd.core.protocol.QDictOrder.sort(order, 2);
        QmpException e = assertThrows(QmpException.class, () -> ArgsType.parse(type).check(sent));
        assertEquals("Invalid parameter type for '" + order[0] + "', expected: int", e.desc());
    }

    @Test
    void lettersQmpCannotTakeAreRefusedAtRegistration() {
        assertThrows(IllegalArgumentException.class, () -> ArgsType.parse("x:S"));
        assertThrows(IllegalArgumentException.class, () -> ArgsType.parse("x:/"));
        assertThrows(IllegalArgumentException.class, () -> ArgsType.parse("x:s,x:i"));
        assertThrows(IllegalArgumentException.class, () -> ArgsType.parse("a:O,b:O"));
        assertThrows(IllegalArgumentException.class, () -> ArgsType.parse("nocolon"));
    }
}
