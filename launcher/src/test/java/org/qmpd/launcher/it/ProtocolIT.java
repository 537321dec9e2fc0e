package org.qmpd.launcher.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The QMP protocol of QEMU 2.4 over a real socket against the real distribution, with a client
 * that sends no newlines: the greeting, negotiation, every envelope error with 2.4's words, id
 * echo, framing by JSON value, and recovery after bad input.
 */
class ProtocolIT {
    static QmpdProcess qmpd;

    @BeforeAll
    static void start() throws Exception {
        qmpd = QmpdProcess.startTcp("-name", "guest-1");
    }

    @AfterAll
    static void stop() throws Exception {
        assertEquals(0, qmpd.terminate());
    }

    static String line(QmpClient c) throws Exception {
        String l = c.readLine();
        return l;
    }

    @Test
    void greetingIsQemu240() throws Exception {
        try (QmpClient c = QmpClient.connect(qmpd.address())) {
            assertEquals("{\"QMP\": {\"version\": {\"qemu\": {\"micro\": 0, \"minor\": 4, \"major\": 2}, \"package\": \" (qmpd 0.1.0)\"}, \"capabilities\": []}}",
                    c.rawLines().get(0));
        }
    }

    @Test
    void negotiationModeSpeaks24() throws Exception {
        try (QmpClient c = QmpClient.connect(qmpd.address())) {
            c.sendRaw("{\"execute\": \"query-version\"}");
            assertEquals("{\"error\": {\"class\": \"CommandNotFound\", \"desc\": \"Expecting capabilities negotiation with 'qmp_capabilities' before command 'query-version'\"}}", line(c));
            c.sendRaw("{\"execute\": \"query-status\", \"id\": \"pre-1\"}");
            assertEquals("{\"id\": \"pre-1\", \"error\": {\"class\": \"CommandNotFound\", \"desc\": \"Expecting capabilities negotiation with 'qmp_capabilities' before command 'query-status'\"}}", line(c));
            c.sendRaw("{\"execute\": \"no-such-command\", \"id\": 7}");
            assertEquals("{\"id\": 7, \"error\": {\"class\": \"CommandNotFound\", \"desc\": \"The command no-such-command has not been found\"}}", line(c));
            c.sendRaw("{\"execute\": \"qmp_capabilities\", \"arguments\": {\"enable\": [\"oob\"]}}");
            assertEquals("{\"error\": {\"class\": \"GenericError\", \"desc\": \"Invalid parameter 'enable'\"}}", line(c));
            c.sendRaw("{\"execute\": \"qmp_capabilities\", \"id\": \"caps\"}");
            assertEquals("{\"return\": {}, \"id\": \"caps\"}", line(c));
            c.sendRaw("{\"execute\": \"qmp_capabilities\", \"id\": \"again\"}");
            assertEquals("{\"id\": \"again\", \"error\": {\"class\": \"CommandNotFound\", \"desc\": \"Capabilities negotiation is already complete, command 'qmp_capabilities' ignored\"}}", line(c));
            c.sendRaw("{\"execute\": \"query-name\"}");
            assertEquals("{\"return\": {\"name\": \"guest-1\"}}", line(c));
        }
    }

    @Test
    void everyEnvelopeErrorHas24WordsAndNoId() throws Exception {
        String[][] cases = {
            {"{\"execute\": \"query-status\", \"arguments\": null}", "QMP input object member 'arguments' expects 'object'"},
            {"{\"execute\": \"query-status\", \"arguments\": [], \"id\": \"x\"}", "QMP input object member 'arguments' expects 'object'"},
            {"{\"execute\": 1}", "QMP input object member 'execute' expects 'string'"},
            {"{\"execute\": null, \"id\": \"nul\"}", "QMP input object member 'execute' expects 'string'"},
            {"{}", "Expected 'execute' in QMP input"},
            {"{\"arguments\": {}}", "Expected 'execute' in QMP input"},
            {"{\"id\": \"noexec\"}", "Expected 'execute' in QMP input"},
            {"{\"execute\": \"query-status\", \"foo\": 1, \"id\": \"withid\"}", "QMP input object member 'foo' is unexpected"},
            {"{\"exec-oob\": \"query-status\"}", "QMP input object member 'exec-oob' is unexpected"},
            {"[]", "Expected 'object' in QMP input"},
            {"[{\"execute\": \"query-status\"}]", "Expected 'object' in QMP input"},
            {"1 ", "Expected 'object' in QMP input"},
            {"\"query-status\"", "Expected 'object' in QMP input"},
            {"null ", "Expected 'object' in QMP input"},
            {"3.5 ", "Expected 'object' in QMP input"},
            {"{\"execute\": \"query-status\",}", "Invalid JSON syntax"},
            {"{\"execute\": \"query-status\"]", "Invalid JSON syntax"},
            {"{\"execute\" \"query-status\"}", "Invalid JSON syntax"},
            {"{\"execute\": query-status}", "Invalid JSON syntax"},
            {"}", "Invalid JSON syntax"},
            {"]", "Invalid JSON syntax"},
            {"{\"execute\": \"query-status\", \"id\": 01}", "Invalid JSON syntax"},
            {"{\"execute\": \"query-status\", \"id\": \"bad\\qescape\"}", "Invalid JSON syntax"},
            {"{\"execute\": \"query-status\", \"id\": tru}", "Invalid JSON syntax"},
        };
        try (QmpClient c = qmpd.client()) {
            for (String[] k : cases) {
                c.sendRaw(k[0]);
                assertEquals("{\"error\": {\"class\": \"GenericError\", \"desc\": \"" + k[1] + "\"}}", line(c), k[0]);
            }
            // after all that, the session still works
            c.sendRaw("{\"execute\": \"query-status\", \"id\": \"after\"}");
            assertEquals("{\"return\": {\"status\": \"running\", \"singlestep\": false, \"running\": true}, \"id\": \"after\"}", line(c));
        }
    }

    @Test
    void commandErrorsEchoTheId() throws Exception {
        try (QmpClient c = qmpd.client()) {
            for (String id : List.of("1", "-1", "0", "1.5", "1000", "\"s\"", "\"\"", "true", "false", "null", "[]", "[1, \"a\", null]", "{}", "{\"a\": {\"b\": [1, 2]}}", "9007199254740993")) {
                c.sendRaw("{\"execute\": \"query-name\", \"id\": " + id + "}");
                assertEquals("{\"return\": {\"name\": \"guest-1\"}, \"id\": " + id + "}", line(c));
                c.sendRaw("{\"execute\": \"no-such-cmd\", \"id\": " + id + "}");
                assertEquals("{\"id\": " + id + ", \"error\": {\"class\": \"CommandNotFound\", \"desc\": \"The command no-such-cmd has not been found\"}}", line(c));
            }
            c.sendRaw("{\"execute\": \"query-name\", \"id\": 1e3}");
            assertEquals("{\"return\": {\"name\": \"guest-1\"}, \"id\": 1000}", line(c));
            c.sendRaw("{\"execute\": \"query-status\", \"arguments\": {\"foo\": 1}, \"id\": \"a\"}");
            assertEquals("{\"id\": \"a\", \"error\": {\"class\": \"GenericError\", \"desc\": \"Invalid parameter 'foo'\"}}", line(c));
            c.sendRaw("{\"execute\": \"human-monitor-command\", \"arguments\": {\"command-line\": 5}, \"id\": \"b\"}");
            assertEquals("{\"id\": \"b\", \"error\": {\"class\": \"GenericError\", \"desc\": \"Invalid parameter type for 'command-line', expected: string\"}}", line(c));
            c.sendRaw("{\"execute\": \"human-monitor-command\", \"id\": \"c\"}");
            assertEquals("{\"id\": \"c\", \"error\": {\"class\": \"GenericError\", \"desc\": \"Parameter 'command-line' is missing\"}}", line(c));
            c.sendRaw("{\"execute\": \"QUERY-STATUS\"}{\"execute\": \"\"}");
            assertEquals("{\"error\": {\"class\": \"CommandNotFound\", \"desc\": \"The command QUERY-STATUS has not been found\"}}", line(c));
            assertEquals("{\"error\": {\"class\": \"CommandNotFound\", \"desc\": \"The command  has not been found\"}}", line(c));
        }
    }

    @Test
    void framingIsByJsonValueNotByLine() throws Exception {
        try (QmpClient c = qmpd.client()) {
            c.sendRaw("{\"execute\": \"query-name\", \"id\": 1}{\"execute\": \"query-name\", \"id\": 2}");
            assertEquals("{\"return\": {\"name\": \"guest-1\"}, \"id\": 1}", line(c));
            assertEquals("{\"return\": {\"name\": \"guest-1\"}, \"id\": 2}", line(c));
            c.sendRaw("{\"execute\": \"query-");
            Thread.sleep(100);
            c.sendRaw("name\", \"id\": \"split\"}");
            assertEquals("{\"return\": {\"name\": \"guest-1\"}, \"id\": \"split\"}", line(c));
            c.sendRaw("  {\"execute\":\n \"query-name\",\r\n \"id\": \"multi-line\"}  \n");
            assertEquals("{\"return\": {\"name\": \"guest-1\"}, \"id\": \"multi-line\"}", line(c));
            c.sendRaw("{'execute': 'query-name', 'id': 'single-quoted'}");
            assertEquals("{\"return\": {\"name\": \"guest-1\"}, \"id\": \"single-quoted\"}", line(c));
            c.sendRaw("{\"execute\": \"query-name\", \"id\": \"dup\", \"id\": \"dup2\"}");
            assertEquals("{\"return\": {\"name\": \"guest-1\"}, \"id\": \"dup2\"}", line(c));
            c.sendRaw("{'execute': 'query-name', 'id': 'it\\'s'}");
            assertEquals("{\"return\": {\"name\": \"guest-1\"}, \"id\": \"it's\"}", line(c));
        }
    }

    @Test
    void outputIsAsciiWithEscapes() throws Exception {
        try (QmpClient c = qmpd.client()) {
            c.sendRaw("{\"execute\": \"query-name\", \"id\": \"tab\\tand\\u00e9\\u20ac\\ud83d\\ude00\"}");
            assertEquals("{\"return\": {\"name\": \"guest-1\"}, \"id\": \"tab\\tand\\u00E9\\u20AC\\uD83D\\uDE00\"}", line(c));
            c.sendRaw("{\"execute\": \"query-name\", \"id\": \"\u00e9\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8));
            assertEquals("{\"return\": {\"name\": \"guest-1\"}, \"id\": \"\\u00E9\"}", line(c));
        }
    }

    @Test
    void invalidUtf8GetsOneErrorAndTheSessionGoesOn() throws Exception {
        try (QmpClient c = qmpd.client()) {
            byte[] head = "{\"execute\": \"query-name\", \"id\": \"latin1-".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            byte[] bad = new byte[head.length + 3];
            System.arraycopy(head, 0, bad, 0, head.length);
            bad[head.length] = (byte) 0xE9;
            bad[head.length + 1] = '"';
            bad[head.length + 2] = '}';
            c.sendRaw(bad);
            assertEquals("{\"error\": {\"class\": \"GenericError\", \"desc\": \"Invalid JSON syntax\"}}", line(c));
            c.sendRaw("{\"execute\": \"query-name\", \"id\": \"after-bad-utf8\"}");
            assertEquals("{\"return\": {\"name\": \"guest-1\"}, \"id\": \"after-bad-utf8\"}", line(c));
        }
    }

    @Test
    void sixteenMebibyteCommandIsAnswered() throws Exception {
        try (QmpClient c = qmpd.client()) {
            StringBuilder id = new StringBuilder(16 << 20);
            for (int i = 0; i < 16 << 20; i++) {
                id.append((char) ('a' + i % 26));
            }
            c.sendRaw("{\"execute\": \"query-name\", \"id\": \"" + id + "\"}");
            String l = line(c);
            assertEquals("{\"return\": {\"name\": \"guest-1\"}, \"id\": \"" + id + "\"}", l);
            c.sendRaw("{\"execute\": \"query-name\", \"id\": \"after-big\"}");
            assertEquals("{\"return\": {\"name\": \"guest-1\"}, \"id\": \"after-big\"}", line(c));
        }
    }

    @Test
    void deepNestingIsRefusedAndTheSessionGoesOn() throws Exception {
        try (QmpClient c = qmpd.client()) {
            StringBuilder deep = new StringBuilder("{\"execute\": \"query-name\", \"id\": ");
            for (int i = 0; i < 1100; i++) {
                deep.append('[');
            }
            for (int i = 0; i < 1100; i++) {
                deep.append(']');
            }
            deep.append('}');
            c.sendRaw(deep.toString());
            String first = line(c);
            assertTrue(first.startsWith("{\"error\": {\"class\": \"GenericError\""), first);
            // drain the errors the leftover closers produce, then check the session still works
            c.sendRaw("{\"execute\": \"query-name\", \"id\": \"after-deep\"}");
            String l;
            do {
                l = line(c);
            } while (l.startsWith("{\"error\""));
            assertEquals("{\"return\": {\"name\": \"guest-1\"}, \"id\": \"after-deep\"}", l);
            // just inside the limit: parsed, run, and the id echoed back as deep as it came
            String id = "[".repeat(1000) + "]".repeat(1000);
            c.sendRaw("{\"execute\": \"query-name\", \"id\": " + id + "}");
            assertEquals("{\"return\": {\"name\": \"guest-1\"}, \"id\": " + id + "}", line(c));
        }
    }

    @Test
    void builtInQueriesAnswer() throws Exception {
        try (QmpClient c = qmpd.client()) {
            JsonNode version = c.ok("query-version");
            assertEquals(2, version.get("qemu").get("major").asInt());
            assertEquals(4, version.get("qemu").get("minor").asInt());
            assertEquals(0, version.get("qemu").get("micro").asInt());
            assertEquals(" (qmpd 0.1.0)", version.get("package").asText());
            JsonNode commands = c.ok("query-commands");
            for (String name : List.of("qmp_capabilities", "query-commands", "query-version", "query-status", "query-name",
                    "query-events", "stop", "cont", "quit", "human-monitor-command")) {
                assertTrue(commands.findValuesAsText("name").contains(name), name);
            }
            assertTrue(!commands.findValuesAsText("name").contains("x-launch-monitor"));
            JsonNode events = c.ok("query-events");
            for (String name : List.of("STOP", "RESUME", "SHUTDOWN", "BLOCK_WRITE_THRESHOLD", "MIGRATION", "BALLOON_CHANGE")) {
                assertTrue(events.findValuesAsText("name").contains(name), name);
            }
        }
    }
}
