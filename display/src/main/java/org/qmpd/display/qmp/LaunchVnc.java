package org.qmpd.display.qmp;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Set;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.qmpd.core.api.Arguments;
import org.qmpd.core.api.CommandHandler;
import org.qmpd.core.api.EventBus;
import org.qmpd.core.api.Machine;
import org.qmpd.core.api.QmpCommand;
import org.qmpd.core.api.QmpException;
import org.qmpd.core.api.Session;
import org.qmpd.display.service.Display;
import org.qmpd.display.service.LaunchOptions;
import org.qmpd.display.service.Strtoull;
import org.qmpd.display.vnc.VncServer;

/**
 * Internal {@code x-launch-vnc}: {@code -vnc HOST:DISPLAY[,password][,to=N][,ipv4|ipv6]}, as
 * QEMU 2.4's {@code vnc_display_open} reads it. The server listens on port 5900 + DISPLAY
 * ({@code atoi}, so a non-number is display 0), or the first free port up to 5900 + {@code to};
 * an empty host means every IPv4 address. {@code none} configures a display that does not
 * listen. {@code password} selects VNC Authentication, with no password until
 * {@code set_password}. Features this server does not have fail with the words of a QEMU built
 * without them.
 */
@Component(service = CommandHandler.class, property = "qmp.command.internal=true")
@QmpCommand(name = "x-launch-vnc", args = "opts:q")
public final class LaunchVnc implements CommandHandler {
    private static final Set<String> KNOWN = Set.of("display", "id", "to", "ipv4", "ipv6", "password", "reverse",
            "lock-key-sync", "sasl", "tls", "x509", "x509verify", "acl", "lossy", "non-adaptive", "share",
            "websocket", "connections", "head");

    @Reference
    private Display display;
    @Reference
    private EventBus events;
    @Reference
    private Machine machine;

    @Override
    public Object execute(Arguments args, Session session) throws QmpException {
        LaunchOptions opts = new LaunchOptions(args.dict("opts"), KNOWN);
        String vnc = opts.string("display");
        if (vnc == null || vnc.equals("none")) {
            display.setVnc(null);
            return null;
        }
        int colon = vnc.lastIndexOf(':');
        if (colon < 0) {
            throw QmpException.generic("Failed to start VNC server: no vnc port specified");
        }
        long to = opts.number("to", 0);
        boolean ipv4 = opts.bool("ipv4", false);
        boolean ipv6 = opts.bool("ipv6", false);
        boolean password = opts.bool("password", false);
        if (opts.bool("reverse", false)) {
            throw QmpException.generic("Failed to start VNC server: reverse connections are not supported");
        }
        opts.bool("lock-key-sync", true);
        if (opts.bool("sasl", false)) {
            throw QmpException.generic("Failed to start VNC server: VNC SASL auth requires cyrus-sasl support");
        }
        if (opts.has("tls") || opts.has("x509") || opts.has("x509verify")) {
            throw QmpException.generic("Failed to start VNC server: VNC TLS auth requires gnutls support");
        }
        opts.bool("acl", false);
        opts.bool("lossy", false);
        opts.bool("non-adaptive", false);
        String share = opts.string("share");
        if (share != null && !Set.of("ignore", "allow-exclusive", "force-shared").contains(share)) {
            throw QmpException.generic("Failed to start VNC server: unknown vnc share= option");
        }
        opts.number("connections", 32);
        if (opts.has("websocket")) {
            throw QmpException.generic("Failed to start VNC server: Websockets protocol requires gnutls support");
        }
        String host = vnc.substring(0, colon);
        String portText = vnc.substring(colon + 1);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        int port = Strtoull.atoi(portText) + 5900;
        int portMax = to != 0 ? (int) to + 5900 : port;
        InetAddress address;
        try {
            address = host.isEmpty() ? InetAddress.getByName(ipv6 && !ipv4 ? "::" : "0.0.0.0") : InetAddress.getByName(host);
        } catch (UnknownHostException e) {
            throw QmpException.generic("Failed to start VNC server: address resolution failed for "
                    + host + ":" + port + ": Name or service not known");
        }
        String name = machine.name() == null ? "QEMU" : "QEMU (" + machine.name() + ")";
        DisplayEvents listener = new DisplayEvents(events);
        VncServer server = new VncServer(display.console(), display.keyboard(), listener,
                password ? VncServer.AUTH_VNC : VncServer.AUTH_NONE, name);
        try {
            server.listen(address, port, Math.max(port, portMax));
        } catch (IOException e) {
            throw QmpException.generic("Failed to start VNC server: " + e.getMessage());
        }
        display.setVnc(server);
        return null;
    }
}
