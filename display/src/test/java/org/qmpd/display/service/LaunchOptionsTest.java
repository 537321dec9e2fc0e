package org.qmpd.display.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Set;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.junit.jupiter.api.Test;
import org.qmpd.core.api.QmpException;

class LaunchOptionsTest {
    private static LaunchOptions opts(String json) throws Exception {
        return new LaunchOptions((ObjectNode) new ObjectMapper().readTree(json), Set.of("port", "password"));
    }

    @Test
    void unknownKeysBoolsAndNumbersAreCheckedAsQemuOpts() throws Exception {
        assertEquals("Invalid parameter 'x'", assertThrows(QmpException.class, () -> opts("{\"x\":\"1\"}")).desc());
        assertEquals("Parameter 'password' expects 'on' or 'off'",
                assertThrows(QmpException.class, () -> opts("{\"password\":\"maybe\"}").bool("password", false)).desc());
        assertEquals("Parameter 'port' expects a number",
                assertThrows(QmpException.class, () -> opts("{\"port\":\"abc\"}").number("port", 0)).desc());
        assertEquals(5930, opts("{\"port\":\"5930\"}").number("port", 0));
        assertEquals(true, opts("{\"password\":\"on\"}").bool("password", false));
        assertEquals(7, opts("{}").number("port", 7));
    }
}
