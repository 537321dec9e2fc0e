package org.qmpd.display.qmp;

import java.util.ArrayList;
import java.util.List;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.qmpd.core.api.Arguments;
import org.qmpd.core.api.CommandHandler;
import org.qmpd.core.api.QmpCommand;
import org.qmpd.core.api.Session;
import org.qmpd.display.service.Display;
import org.qmpd.display.spice.SpiceServer;

/**
 * {@code query-spice}: {@code SpiceInfo} as 2.4's {@code qmp_query_spice} fills it. Without
 * SPICE: {@code enabled} and {@code migrated} false, {@code mouse-mode} {@code client} (the
 * enum's zero). With it: {@code host} is {@code addr} or {@code 0.0.0.0}, {@code port} and
 * {@code tls-port} appear when set, {@code auth} is {@code spice} or {@code none}, the mouse
 * is in server mode (there is no agent), and every linked channel is listed with its
 * client's address and whether it came over TLS. {@code compiled-version} names the
 * spice-server release whose link protocol and main channel this server follows.
 */
@Component(service = CommandHandler.class)
@QmpCommand(name = "query-spice")
public final class QuerySpice implements CommandHandler {
    static final String COMPILED_VERSION = "0.12.5";

    @Reference
    private Display display;

    @Override
    public Object execute(Arguments args, Session session) {
        SpiceServer spice = display.spice();
        if (spice == null) {
            return new SpiceInfo(false, false, null, null, null, null, null, "client", null);
        }
        Display.SpiceConfig config = display.spiceConfig();
        List<SpiceChannel> channels = new ArrayList<>();
        for (SpiceServer.Channel c : spice.channels()) {
            channels.add(SpiceChannel.of(c));
        }
        return new SpiceInfo(true, display.spiceMigrated(), config.addr() != null ? config.addr() : "0.0.0.0",
                config.port() != 0 ? config.port() : null, config.tlsPort() != 0 ? config.tlsPort() : null,
                spice.ticketing().auth(), COMPILED_VERSION, "server", channels);
    }
}
