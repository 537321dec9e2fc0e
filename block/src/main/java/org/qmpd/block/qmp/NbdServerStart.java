package org.qmpd.block.qmp;

import java.io.IOException;
import java.net.BindException;
import java.net.UnknownHostException;
import java.nio.channels.UnresolvedAddressException;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.qmpd.block.nbd.NbdServer;
import org.qmpd.block.service.BlockLayer;
import org.qmpd.core.api.Arguments;
import org.qmpd.core.api.CommandHandler;
import org.qmpd.core.api.QmpCommand;
import org.qmpd.core.api.QmpException;
import org.qmpd.core.api.Session;

/**
 * {@code nbd-server-start} of 2.4: {@code addr} is a {@code SocketAddress} simple union,
 * {@code {"type": "inet", "data": {"host": ..., "port": "10809"}}} or
 * {@code {"type": "unix", "data": {"path": ...}}}.
 */
@Component(service = CommandHandler.class)
@QmpCommand(name = "nbd-server-start", args = "addr:q")
public final class NbdServerStart implements CommandHandler {
    @Reference
    private BlockLayer block;

    @Override
    public Object execute(Arguments args, Session session) throws QmpException {
        ObjectNode addr = args.dict("addr");
        JsonNode type = member(addr, "type", true);
        JsonNode data = addr.get("data");
        String kind = type.asText();
        if (!kind.equals("inet") && !kind.equals("unix") && !kind.equals("fd")) {
            throw QmpException.generic("Invalid parameter '" + kind + "'");
        }
        if (data == null) {
            throw QmpException.generic("Parameter 'data' is missing");
        }
        if (!data.isObject()) {
            throw QmpException.generic("Invalid parameter type for 'data', expected: QDict");
        }
        NbdServer nbd = block.nbd();
        if (kind.equals("fd")) {
            throw QmpException.generic("File descriptor passing is not supported");
        }
        String host = null;
        String port = null;
        String path = null;
        if (kind.equals("inet")) {
            host = member((ObjectNode) data, "host", true).asText();
            port = member((ObjectNode) data, "port", true).asText();
        } else {
            path = member((ObjectNode) data, "path", true).asText();
        }
        if (nbd.isRunning()) {
            throw QmpException.generic("NBD server already running");
        }
        try {
            if (path != null) {
                try {
                    nbd.startUnix(path);
                } catch (IOException e) {
                    throw QmpException.generic("Failed to bind socket to " + path + ": " + reason(e));
                }
            } else {
                int p;
                try {
                    p = Integer.parseInt(port);
                } catch (NumberFormatException e) {
                    throw QmpException.generic("address resolution failed for " + host + ":" + port + ": Servname not supported for ai_socktype");
                }
                nbd.startTcp(host, p);
            }
        } catch (UnresolvedAddressException e) {
            throw QmpException.generic("address resolution failed for " + host + ":" + port + ": Name or service not known");
        } catch (IOException e) {
            throw QmpException.generic("Failed to bind socket: " + reason(e));
        }
        return null;
    }

    private static String reason(IOException e) {
        if (e instanceof BindException || String.valueOf(e.getMessage()).contains("in use")) {
            return "Address already in use";
        }
        if (e instanceof UnknownHostException) {
            return "Name or service not known";
        }
        String m = String.valueOf(e.getMessage());
        return m.contains("ermission") ? "Permission denied" : m;
    }

    private static JsonNode member(ObjectNode o, String name, boolean string) throws QmpException {
        JsonNode v = o.get(name);
        if (v == null) {
            throw QmpException.generic("Parameter '" + name + "' is missing");
        }
        if (string && !v.isTextual()) {
            throw QmpException.generic("Invalid parameter type for '" + name + "', expected: string");
        }
        return v;
    }
}
