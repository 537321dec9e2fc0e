package org.qmpd.core.dispatch;

import java.util.Iterator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.qmpd.core.api.CommandHandler;
import org.qmpd.core.api.ErrorClass;
import org.qmpd.core.api.MachineExecutor;
import org.qmpd.core.api.QmpException;
import org.qmpd.core.json.Json;
import org.qmpd.core.protocol.QDictOrder;
import org.qmpd.core.protocol.QmpParser;
import org.qmpd.core.session.QmpSession;

/**
 * Runs one QMP input value, doing every generic step in QEMU 2.4's order
 * ({@code handle_qmp_command}): parse, check the envelope, read the id, look the command up,
 * check the negotiation mode, check the arguments, run the handler under the machine lock and
 * answer. Errors before the id is read carry no id; all later ones echo it.
 */
@Component(service = Dispatcher.class)
public final class Dispatcher {
    static final String CAPABILITIES = "qmp_capabilities";
    private static final System.Logger LOG = System.getLogger(Dispatcher.class.getName());

    @Reference
    private CommandTable table;
    @Reference
    private MachineExecutor executor;
    @Reference
    private StartupGate gate;

    public Dispatcher() {
    }

    /** For tests: a dispatcher over a given table and lock, with no start-up in progress. */
    Dispatcher(CommandTable table, MachineExecutor executor) {
        this.table = table;
        this.executor = executor;
        this.gate = new StartupGate();
    }

    /** Handles the framed bytes of one value from {@code session}. */
    public void handle(QmpSession session, byte[] buf, int offset, int length) {
        JsonNode request;
        try {
            request = QmpParser.parse(buf, offset, length);
        } catch (QmpParser.SyntaxException e) {
            session.send(error(null, ErrorClass.GenericError, "Invalid JSON syntax"));
            return;
        }
        handle(session, request);
    }

    public void handle(QmpSession session, JsonNode request) {
        String envelopeError = checkEnvelope(request);
        if (envelopeError != null) {
            session.send(error(null, ErrorClass.GenericError, envelopeError));
            return;
        }
        JsonNode id = request.get("id");
        String name = request.get("execute").textValue();
        CommandTable.Row row = table.lookup(name);
        if (row == null || (row.internal() && !(session instanceof InternalSession))) {
            session.send(error(id, ErrorClass.CommandNotFound, "The command " + name + " has not been found"));
            return;
        }
        boolean isCapabilities = name.equals(CAPABILITIES);
        if (isCapabilities && session.inCommandMode()) {
            session.send(error(id, ErrorClass.CommandNotFound,
                    "Capabilities negotiation is already complete, command '" + name + "' ignored"));
            return;
        }
        if (!isCapabilities && !session.inCommandMode()) {
            session.send(error(id, ErrorClass.CommandNotFound,
                    "Expecting capabilities negotiation with 'qmp_capabilities' before command '" + name + "'"));
            return;
        }
        JsonNode arguments = request.get("arguments");
        ObjectNode args = arguments == null ? Json.object() : (ObjectNode) arguments;
        try {
            row.argsType().check(args);
        } catch (QmpException e) {
            session.send(error(id, e.errorClass(), e.desc()));
            return;
        }
        run(session, row, new JsonArguments(args), id);
    }

    private void run(QmpSession session, CommandTable.Row row, JsonArguments args, JsonNode id) {
        if (!(session instanceof InternalSession)) {
            gate.await();
        }
        try {
            executor.call(() -> {
                session.send(execute(session, row, args, id));
                return null;
            });
        } catch (Exception e) {
            throw new IllegalStateException(e); // execute() answers every failure itself
        }
    }

    private static JsonNode execute(QmpSession session, CommandTable.Row row, JsonArguments args, JsonNode id) {
        CommandHandler handler = row.handler().get();
        if (handler == null) {
            // the service went away between lookup and call
            return error(id, ErrorClass.CommandNotFound, "The command " + row.name() + " has not been found");
        }
        try {
            Object result = handler.execute(args, session);
            ObjectNode response = Json.object();
            response.set("return", Json.toTree(result));
            if (id != null) {
                response.set("id", id);
            }
            return response;
        } catch (QmpException e) {
            return error(id, e.errorClass(), e.desc());
        } catch (RuntimeException | LinkageError e) {
            LOG.log(System.Logger.Level.ERROR, "command " + row.name() + " failed", e);
            return error(id, ErrorClass.GenericError, "An undefined error has occurred");
        }
    }

    /**
     * The first envelope error in QDict order, as {@code qmp_check_input_obj}, or null.
     */
    static String checkEnvelope(JsonNode request) {
        if (!request.isObject()) {
            return "Expected 'object' in QMP input";
        }
        int size = request.size();
        String[] keys = new String[size];
        int n = 0;
        for (Iterator<String> it = request.fieldNames(); it.hasNext();) {
            keys[n++] = it.next();
        }
        QDictOrder.sort(keys, n);
        boolean hasExecute = false;
        for (int i = 0; i < n; i++) {
            String key = keys[i];
            JsonNode value = request.get(key);
            switch (key) {
                case "execute":
                    if (!value.isTextual()) {
                        return "QMP input object member 'execute' expects 'string'";
                    }
                    hasExecute = true;
                    break;
                case "arguments":
                    if (!value.isObject()) {
                        return "QMP input object member 'arguments' expects 'object'";
                    }
                    break;
                case "id":
                    break;
                default:
                    return "QMP input object member '" + key + "' is unexpected";
            }
        }
        return hasExecute ? null : "Expected 'execute' in QMP input";
    }

    public static ObjectNode error(JsonNode id, ErrorClass errorClass, String desc) {
        ObjectNode response = Json.object();
        ObjectNode error = response.putObject("error");
        error.put("class", errorClass.name());
        error.put("desc", desc);
        if (id != null) {
            response.set("id", id);
        }
        return response;
    }
}
