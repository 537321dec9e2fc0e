package org.qmpd.display.qmp;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.qmpd.core.api.Arguments;
import org.qmpd.core.api.CommandHandler;
import org.qmpd.core.api.ErrorClass;
import org.qmpd.core.api.QmpCommand;
import org.qmpd.core.api.QmpException;
import org.qmpd.core.api.Session;
import org.qmpd.display.service.Display;
import org.qmpd.display.vnc.VncServer;

/**
 * {@code set_password}, as 2.4's {@code qmp_set_password}, checks in its order:
 * {@code connected} must be {@code keep}, {@code disconnect} or {@code fail}
 * ({@code Invalid parameter 'connected'}); for {@code spice}, SPICE must be in use and its
 * auth must be {@code spice} ({@code Could not set password}), {@code fail} refuses while a
 * client is connected and {@code disconnect} drops the clients; {@code vnc} takes only
 * {@code keep} and needs a VNC display with password auth ({@code Could not set password});
 * any other protocol is {@code Invalid parameter 'protocol'}. An empty VNC password is a
 * password (it does not turn authentication off); the expiry is left as it is.
 */
@Component(service = CommandHandler.class)
@QmpCommand(name = "set_password", args = "protocol:s,password:s,connected:s?")
public final class SetPassword implements CommandHandler {
    @Reference
    private Display display;

    @Override
    public Object execute(Arguments args, Session session) throws QmpException {
        boolean fail = false;
        boolean disconnect = false;
        String connected = args.string("connected");
        if (connected != null) {
            switch (connected) {
                case "fail" -> fail = true;
                case "disconnect" -> disconnect = true;
                case "keep" -> { }
                default -> throw QmpException.generic("Invalid parameter 'connected'");
            }
        }
        String protocol = args.string("protocol");
        String password = args.string("password");
        if (protocol.equals("spice")) {
            if (display.spice() == null) {
                throw new QmpException(ErrorClass.DeviceNotActive, "SPICE is not in use");
            }
            if (display.spice().ticketing().setPassword(password, fail, disconnect) != 0) {
                throw QmpException.generic("Could not set password");
            }
            return null;
        }
        if (protocol.equals("vnc")) {
            if (fail || disconnect) {
                throw QmpException.generic("Invalid parameter 'connected'");
            }
            VncServer vnc = display.vnc();
            if (!display.vncConfigured() || vnc != null && vnc.auth() == VncServer.AUTH_NONE) {
                throw QmpException.generic("Could not set password");
            }
            display.setVncPassword(password);
            return null;
        }
        throw QmpException.generic("Invalid parameter 'protocol'");
    }
}
