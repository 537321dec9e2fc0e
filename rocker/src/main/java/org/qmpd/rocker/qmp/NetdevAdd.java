package org.qmpd.rocker.qmp;

import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.qmpd.core.api.Arguments;
import org.qmpd.core.api.CommandHandler;
import org.qmpd.core.api.QmpCommand;
import org.qmpd.core.api.QmpException;
import org.qmpd.core.api.Session;
import org.qmpd.rocker.net.NetdevException;
import org.qmpd.rocker.net.Netdevs;

/**
 * {@code netdev_add} (2.4's {@code netdev:O}): the arguments become QemuOpts as
 * {@code qemu_opts_from_qdict} makes them (strings kept, numbers printed, booleans on/off,
 * objects and lists skipped) and a backend is created from them. {@code -netdev} arrives here
 * with every value a string. Only {@code type=socket} exists.
 */
@Component(service = CommandHandler.class)
@QmpCommand(name = "netdev_add", args = "netdev:O",
        params = "[user|tap|socket|vde|bridge|hubport|netmap|vhost-user],id=str[,prop=value][,...]",
        help = "add host network device")
public final class NetdevAdd implements CommandHandler {
    @Reference
    private Netdevs netdevs;

    @Override
    public Object execute(Arguments args, Session session) throws QmpException {
        Map<String, String> opts = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : args.json().properties()) {
            JsonNode v = e.getValue();
            if (v.isTextual()) {
                opts.put(e.getKey(), v.asText());
            } else if (v.isIntegralNumber()) {
                opts.put(e.getKey(), v.bigIntegerValue().toString());
            } else if (v.isNumber()) {
                opts.put(e.getKey(), String.format("%.17g", v.asDouble()));
            } else if (v.isBoolean()) {
                opts.put(e.getKey(), v.asBoolean() ? "on" : "off");
            }
        }
        try {
            netdevs.add(opts);
        } catch (NetdevException e) {
            throw QmpException.generic(e.getMessage());
        }
        return null;
    }
}
