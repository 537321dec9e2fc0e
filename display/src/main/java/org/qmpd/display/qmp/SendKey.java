package org.qmpd.display.qmp;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.qmpd.core.api.Arguments;
import org.qmpd.core.api.CommandHandler;
import org.qmpd.core.api.QmpCommand;
import org.qmpd.core.api.QmpException;
import org.qmpd.core.api.Session;
import org.qmpd.display.console.KeyCodes;
import org.qmpd.display.service.Display;

/**
 * {@code send-key}: {@code keys} is a list of 2.4's {@code KeyValue} union
 * ({@code {"type": "qcode", "data": "a"}} or {@code {"type": "number", "data": 30}}), checked
 * whole, as 2.4's strict QAPI visitor checks it, before any key is sent. The keys are then
 * queued on the guest keyboard: every press in order, then every release in reverse order,
 * {@code hold-time} milliseconds after each event. The command answers at once; the events
 * follow on the keyboard's own time. As documented (DESIGN.md), the hold time defaults to
 * 100 ms; 0 means the default too, as in QEMU; a negative one, which 2.4 would turn into a
 * 49-day delay, also means the default.
 */
@Component(service = CommandHandler.class)
@QmpCommand(name = "send-key", args = "keys:q,hold-time:i?")
public final class SendKey implements CommandHandler {
    static final long DEFAULT_HOLD_MS = 100;

    @Reference
    private Display display;

    @Override
    public Object execute(Arguments args, Session session) throws QmpException {
        ArrayNode keys = args.list("keys");
        List<Integer> numbers = new ArrayList<>();
        for (JsonNode key : keys) {
            numbers.add(number(key));
        }
        long hold = args.integer("hold-time", 0);
        long ms = hold & 0xFFFF_FFFFL;
        if (hold <= 0 || ms == 0) {
            ms = DEFAULT_HOLD_MS;
        }
        display.keyQueue().sendKeys(numbers, ms);
        return null;
    }

    /** One {@code KeyValue}: its key number, or QEMU's visitor error. */
    static int number(JsonNode key) throws QmpException {
        if (!key.isObject()) {
            throw QmpException.generic("Invalid parameter type for 'null', expected: QDict");
        }
        JsonNode type = key.get("type");
        if (type == null) {
            throw QmpException.generic("Parameter 'type' is missing");
        }
        if (!type.isTextual()) {
            throw QmpException.generic("Invalid parameter type for 'type', expected: string");
        }
        JsonNode data = key.get("data");
        int number;
        switch (type.asText()) {
            case "number" -> {
                if (data == null) {
                    throw QmpException.generic("Parameter 'data' is missing");
                }
                if (!data.isIntegralNumber()) {
                    throw QmpException.generic("Invalid parameter type for 'data', expected: integer");
                }
                number = (int) data.asLong();
            }
            case "qcode" -> {
                if (data == null) {
                    throw QmpException.generic("Parameter 'data' is missing");
                }
                if (!data.isTextual()) {
                    throw QmpException.generic("Invalid parameter type for 'data', expected: string");
                }
                number = KeyCodes.qcodeNumber(data.asText());
                if (number < 0) {
                    throw QmpException.generic("Invalid parameter '" + data.asText() + "'");
                }
            }
            default -> throw QmpException.generic("Invalid parameter '" + type.asText() + "'");
        }
        for (Iterator<String> it = key.fieldNames(); it.hasNext();) {
            String member = it.next();
            if (!member.equals("type") && !member.equals("data")) {
                throw QmpException.generic("QMP input object member '" + member + "' is unexpected");
            }
        }
        return number;
    }
}
