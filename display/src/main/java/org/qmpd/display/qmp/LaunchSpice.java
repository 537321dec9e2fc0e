package org.qmpd.display.qmp;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.Set;

import javax.net.ssl.SSLContext;

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
import org.qmpd.display.spice.SpiceServer;
import org.qmpd.display.spice.SpiceTls;

/**
 * Internal {@code x-launch-spice}: {@code -spice port=,tls-port=,addr=,password=,disable-ticketing},
 * as QEMU 2.4's {@code qemu_spice_init} applies them, with its words for every failure. The
 * TLS port takes its certificate and key from {@code x509-dir} (default {@code .}) or
 * {@code x509-cert-file} / {@code x509-key-file}; without them, as with a port that cannot be
 * bound, spice-server fails to start: {@code failed to initialize spice server}.
 */
@Component(service = CommandHandler.class, property = "qmp.command.internal=true")
@QmpCommand(name = "x-launch-spice", args = "opts:q")
public final class LaunchSpice implements CommandHandler {
    private static final Set<String> KNOWN = Set.of("port", "tls-port", "addr", "ipv4", "ipv6", "password",
            "disable-ticketing", "disable-copy-paste", "disable-agent-file-xfer", "sasl", "x509-dir",
            "x509-key-file", "x509-key-password", "x509-cert-file", "x509-cacert-file", "x509-dh-key-file",
            "tls-ciphers", "tls-channel", "plaintext-channel", "image-compression", "jpeg-wan-compression",
            "zlib-glz-wan-compression", "streaming-video", "agent-mouse", "playback-compression",
            "seamless-migration");

    @Reference
    private Display display;
    @Reference
    private EventBus events;
    @Reference
    private Machine machine;

    @Override
    public Object execute(Arguments args, Session session) throws QmpException {
        LaunchOptions opts = new LaunchOptions(args.dict("opts"), KNOWN);
        long port = opts.number("port", 0);
        long tlsPort = opts.number("tls-port", 0);
        if (port == 0 && tlsPort == 0) {
            throw QmpException.generic("neither port nor tls-port specified for spice");
        }
        if (port < 0 || port > 65535) {
            throw QmpException.generic("spice port is out of range");
        }
        if (tlsPort < 0 || tlsPort > 65535) {
            throw QmpException.generic("spice tls-port is out of range");
        }
        String addr = opts.string("addr");
        boolean ipv6 = opts.bool("ipv6", false);
        boolean ipv4 = opts.bool("ipv4", false);
        String password = opts.string("password");
        if (opts.bool("sasl", false)) {
            throw QmpException.generic("spice: failed to enable sasl");
        }
        boolean noTicketing = opts.bool("disable-ticketing", false);
        for (String flag : new String[] {"disable-copy-paste", "disable-agent-file-xfer", "agent-mouse",
                "playback-compression", "seamless-migration"}) {
            opts.bool(flag, false);
        }
        if (opts.has("tls-channel") && tlsPort == 0) {
            throw QmpException.generic("spice: tried to setup tls-channel without specifying a TLS port");
        }

        SpiceServer server = new SpiceServer(display.keyboard(), new DisplayEvents(events), machine.name());
        if (password != null) {
            server.ticketing().initialPassword(password);
        }
        if (noTicketing) {
            server.ticketing().disableTicketing();
        }
        try {
            SSLContext tls = tlsPort == 0 ? null : tls(opts);
            InetAddress address = addr == null || addr.isEmpty()
                    ? InetAddress.getByName(ipv6 && !ipv4 ? "::" : "0.0.0.0") : InetAddress.getByName(addr);
            server.listen(address, (int) port, (int) tlsPort, tls);
        } catch (IOException | GeneralSecurityException e) {
            server.close();
            throw QmpException.generic("failed to initialize spice server");
        }
        display.setSpice(server, new Display.SpiceConfig(addr, (int) port, (int) tlsPort));
        return null;
    }

    private static SSLContext tls(LaunchOptions opts) throws IOException, GeneralSecurityException {
        String dir = opts.string("x509-dir") == null ? "." : opts.string("x509-dir");
        Path cert = Path.of(opts.string("x509-cert-file") != null ? opts.string("x509-cert-file") : dir + "/server-cert.pem");
        Path key = Path.of(opts.string("x509-key-file") != null ? opts.string("x509-key-file") : dir + "/server-key.pem");
        if (opts.has("x509-key-password")) {
            throw new GeneralSecurityException("encrypted keys are not supported");
        }
        return SpiceTls.context(cert, key);
    }
}
