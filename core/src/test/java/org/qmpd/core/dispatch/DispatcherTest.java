package org.qmpd.core.dispatch;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.ComponentServiceObjects;
import org.qmpd.core.api.CommandHandler;
import org.qmpd.core.api.MachineExecutor;
import org.qmpd.core.api.QmpException;
import org.qmpd.core.json.Json;
import org.qmpd.core.session.QmpSession;

class DispatcherTest {
    private final CommandTable table = new CommandTable();
    private final Dispatcher dispatcher = new Dispatcher(table, new DirectExecutor());
    private final RecordingSession session = new RecordingSession();
    private long nextServiceId = 1;

    /** Runs every task on the calling thread. */
    static final class DirectExecutor implements MachineExecutor {
        @Override
        public void execute(Runnable task) {
            task.run();
        }

        @Override
        public <T> T call(Callable<T> task) throws Exception {
            return task.call();
        }

        @Override
        public boolean isHeldByCurrentThread() {
            return true;
        }
    }

    static final class RecordingSession extends QmpSession {
        final List<String> sent = new ArrayList<>();

        RecordingSession() {
            super("test");
        }

        @Override
        public void send(byte[] message) {
            sent.add(new String(message, StandardCharsets.US_ASCII));
        }

        @Override
        public void sendEvent(byte[] message) {
            send(message);
        }

        @Override
        public void close() {
        }

        String last() {
            String s = sent.get(sent.size() - 1);
            assertEquals("\r\n", s.substring(s.length() - 2));
            return s.substring(0, s.length() - 2);
        }
    }

    /** A ComponentServiceObjects that hands out one object. */
    static final class Fixed implements ComponentServiceObjects<CommandHandler> {
        final CommandHandler handler;
        int outstanding;
        int gets;

        Fixed(CommandHandler handler) {
            this.handler = handler;
        }

        @Override
        public CommandHandler getService() {
            gets++;
            outstanding++;
            return handler;
        }

        @Override
        public void ungetService(CommandHandler service) {
            outstanding--;
        }

        @Override
        public ServiceReference<CommandHandler> getServiceReference() {
            return null;
        }
    }

    Map<String, Object> register(String name, String args, int ranking, CommandHandler handler) {
        Map<String, Object> props = new HashMap<>();
        props.put(CommandTable.NAME, name);
        props.put(CommandTable.ARGS, args);
        props.put(Constants.SERVICE_ID, nextServiceId++);
        props.put(Constants.SERVICE_RANKING, ranking);
        table.addCommand(new Fixed(handler), props);
        return props;
    }

    void send(String json) {
        byte[] b = json.getBytes(StandardCharsets.UTF_8);
        dispatcher.handle(session, b, 0, b.length);
    }

    @BeforeEach
    void setUp() {
        register("qmp_capabilities", "", 0, (a, s) -> {
            ((QmpSession) s).enterCommandMode();
            return null;
        });
        register("query-status", "", 0, (a, s) -> Json.object().put("status", "running"));
        register("echo", "value:q,times:i?", 0, (a, s) -> a.json().get("value"));
    }

    @Test
    void negotiationModeRefusesOtherCommandsWith24Text() {
        send("{\"execute\": \"query-status\", \"id\": \"pre-1\"}");
        assertEquals("{\"id\": \"pre-1\", \"error\": {\"class\": \"CommandNotFound\", \"desc\": "
                + "\"Expecting capabilities negotiation with 'qmp_capabilities' before command 'query-status'\"}}", session.last());
    }

    @Test
    void unknownCommandInNegotiationModeIsNotFoundAs24LooksUpFirst() {
        send("{\"execute\": \"no-such-command\", \"id\": 7}");
        assertEquals("{\"id\": 7, \"error\": {\"class\": \"CommandNotFound\", \"desc\": \"The command no-such-command has not been found\"}}",
                session.last());
    }

    @Test
    void secondCapabilitiesIsRefused() {
        send("{\"execute\": \"qmp_capabilities\", \"id\": \"caps\"}");
        assertEquals("{\"return\": {}, \"id\": \"caps\"}", session.last());
        send("{\"execute\": \"qmp_capabilities\", \"id\": \"again\"}");
        assertEquals("{\"id\": \"again\", \"error\": {\"class\": \"CommandNotFound\", \"desc\": "
                + "\"Capabilities negotiation is already complete, command 'qmp_capabilities' ignored\"}}", session.last());
    }

    @Test
    void capabilitiesTakesNoArguments() {
        send("{\"execute\": \"qmp_capabilities\", \"arguments\": {\"enable\": [\"oob\"]}}");
        assertEquals("{\"error\": {\"class\": \"GenericError\", \"desc\": \"Invalid parameter 'enable'\"}}", session.last());
    }

    @Test
    void envelopeErrorsCarryNoId() {
        session.enterCommandMode();
        String[][] cases = {
            {"{\"execute\": \"query-status\", \"arguments\": [], \"id\": 1}", "QMP input object member 'arguments' expects 'object'"},
            {"{\"execute\": 1, \"id\": 1}", "QMP input object member 'execute' expects 'string'"},
            {"{\"id\": \"noexec\"}", "Expected 'execute' in QMP input"},
            {"{}", "Expected 'execute' in QMP input"},
            {"{\"execute\": \"query-status\", \"foo\": 1, \"id\": 2}", "QMP input object member 'foo' is unexpected"},
            {"{\"exec-oob\": \"query-status\"}", "QMP input object member 'exec-oob' is unexpected"},
            {"[]", "Expected 'object' in QMP input"},
            {"1", "Expected 'object' in QMP input"},
            {"\"query-status\"", "Expected 'object' in QMP input"},
            {"null", "Expected 'object' in QMP input"},
            {"{\"execute\": \"query-status\",}", "Invalid JSON syntax"},
            {"}", "Invalid JSON syntax"},
            {"{\"execute\": \"query-status\", \"id\": 01}", "Invalid JSON syntax"},
        };
        for (String[] c : cases) {
            send(c[0]);
            assertEquals("{\"error\": {\"class\": \"GenericError\", \"desc\": \"" + c[1] + "\"}}", session.last(), c[0]);
        }
    }

    @Test
    void idIsEchoedVerbatimOnSuccessAndCommandErrors() {
        session.enterCommandMode();
        for (String id : new String[] {"1", "-1", "1.5", "\"s\"", "true", "null", "[1, \"a\", null]", "{\"a\": {\"b\": [1, 2]}}"}) {
            send("{\"execute\": \"query-status\", \"id\": " + id + "}");
            assertEquals("{\"return\": {\"status\": \"running\"}, \"id\": " + id + "}", session.last());
            send("{\"execute\": \"no-such-cmd\", \"id\": " + id + "}");
            assertEquals("{\"id\": " + id + ", \"error\": {\"class\": \"CommandNotFound\", \"desc\": \"The command no-such-cmd has not been found\"}}",
                    session.last());
        }
    }

    @Test
    void argumentErrorsEchoTheId() {
        session.enterCommandMode();
        send("{\"execute\": \"echo\", \"arguments\": {\"times\": 1}, \"id\": 3}");
        assertEquals("{\"id\": 3, \"error\": {\"class\": \"GenericError\", \"desc\": \"Parameter 'value' is missing\"}}", session.last());
    }

    @Test
    void handlerErrorCarriesItsClassAndText() {
        session.enterCommandMode();
        register("fail", "", 0, (a, s) -> {
            throw new QmpException(org.qmpd.core.api.ErrorClass.DeviceNotActive, "No balloon device has been activated");
        });
        send("{\"execute\": \"fail\"}");
        assertEquals("{\"error\": {\"class\": \"DeviceNotActive\", \"desc\": \"No balloon device has been activated\"}}", session.last());
    }

    @Test
    void higherRankingWinsAndTheOtherTakesOverWhenItGoes() {
        session.enterCommandMode();
        register("dup", "", 0, (a, s) -> "low");
        Map<String, Object> high = register("dup", "", 10, (a, s) -> "high");
        send("{\"execute\": \"dup\"}");
        assertEquals("{\"return\": \"high\"}", session.last());
        table.removeCommand(null, high);
        send("{\"execute\": \"dup\"}");
        assertEquals("{\"return\": \"low\"}", session.last());
    }

    @Test
    void internalCommandsAreInvisibleToClients() {
        session.enterCommandMode();
        Map<String, Object> props = new HashMap<>();
        props.put(CommandTable.NAME, "x-launch-secret");
        props.put(CommandTable.INTERNAL, "true");
        props.put(Constants.SERVICE_ID, nextServiceId++);
        table.addCommand(new Fixed((a, s) -> null), props);
        send("{\"execute\": \"x-launch-secret\"}");
        assertEquals("{\"error\": {\"class\": \"CommandNotFound\", \"desc\": \"The command x-launch-secret has not been found\"}}", session.last());
        assertEquals(false, table.publicNames().contains("x-launch-secret"));
    }

    @Test
    void malformedArgsTypeIsLeftOut() {
        register("bad", "x:S", 0, (a, s) -> null);
        assertEquals(null, table.lookup("bad"));
    }

    @Test
    void handlerIsObtainedAtFirstCallKeptAndReleasedWithItsRow() {
        session.enterCommandMode();
        Fixed f = new Fixed((a, s) -> null);
        Map<String, Object> props = new HashMap<>();
        props.put(CommandTable.NAME, "counted");
        props.put(Constants.SERVICE_ID, nextServiceId++);
        table.addCommand(f, props);
        assertEquals(0, f.gets, "not activated before a client needs it");
        send("{\"execute\": \"counted\"}");
        send("{\"execute\": \"counted\"}");
        assertEquals(1, f.gets, "one instance serves every call");
        assertEquals(1, f.outstanding);
        table.removeCommand(f, props);
        assertEquals(0, f.outstanding, "given back when the service goes");
        assertEquals(null, table.lookup("counted"));
    }
}
