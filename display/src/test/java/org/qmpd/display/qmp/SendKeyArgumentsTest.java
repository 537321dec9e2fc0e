package org.qmpd.display.qmp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.ObjectMapper;

import org.junit.jupiter.api.Test;
import org.qmpd.core.api.QmpException;

class SendKeyArgumentsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static String error(String key) throws Exception {
        return assertThrows(QmpException.class, () -> SendKey.number(JSON.readTree(key))).desc();
    }

    @Test
    void qcodesAndNumbers() throws Exception {
        assertEquals(30, SendKey.number(JSON.readTree("{\"type\":\"qcode\",\"data\":\"a\"}")));
        assertEquals(99999, SendKey.number(JSON.readTree("{\"type\":\"number\",\"data\":99999}")));
    }

    @Test
    void errorsAreThoseOfTheStrictVisitor() throws Exception {
        assertEquals("Invalid parameter 'nosuchkey'", error("{\"type\":\"qcode\",\"data\":\"nosuchkey\"}"));
        assertEquals("Invalid parameter 'bogus'", error("{\"type\":\"bogus\",\"data\":\"a\"}"));
        assertEquals("Parameter 'type' is missing", error("{\"data\":\"a\"}"));
        assertEquals("Parameter 'data' is missing", error("{\"type\":\"qcode\"}"));
        assertEquals("Invalid parameter type for 'data', expected: string", error("{\"type\":\"qcode\",\"data\":1}"));
        assertEquals("Invalid parameter type for 'data', expected: integer", error("{\"type\":\"number\",\"data\":\"a\"}"));
        assertEquals("Invalid parameter type for 'null', expected: QDict", error("\"a\""));
        assertEquals("QMP input object member 'x' is unexpected", error("{\"type\":\"qcode\",\"data\":\"a\",\"x\":1}"));
    }
}
