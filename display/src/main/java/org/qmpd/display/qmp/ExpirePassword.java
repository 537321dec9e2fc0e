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
import org.qmpd.display.service.PasswordExpiry;

/**
 * {@code expire_password}, as 2.4's {@code qmp_expire_password}: {@code time} is read by
 * {@link PasswordExpiry} (never an error); {@code spice} needs SPICE in use and re-pushes the
 * ticket (see {@code SpiceTicketing}); {@code vnc} needs a VNC display, any auth
 * ({@code Could not set password expire time}); any other protocol is
 * {@code Invalid parameter 'protocol'}. A VNC client that answers its challenge after the
 * expiry is refused; one already connected stays.
 */
@Component(service = CommandHandler.class)
@QmpCommand(name = "expire_password", args = "protocol:s,time:s")
public final class ExpirePassword implements CommandHandler {
    @Reference
    private Display display;

    @Override
    public Object execute(Arguments args, Session session) throws QmpException {
        long when = PasswordExpiry.parse(args.string("time"), System.currentTimeMillis() / 1000);
        String protocol = args.string("protocol");
        if (protocol.equals("spice")) {
            if (display.spice() == null) {
                throw new QmpException(ErrorClass.DeviceNotActive, "SPICE is not in use");
            }
            if (display.spice().ticketing().setExpiry(when) != 0) {
                throw QmpException.generic("Could not set password expire time");
            }
            return null;
        }
        if (protocol.equals("vnc")) {
            if (!display.vncConfigured()) {
                throw QmpException.generic("Could not set password expire time");
            }
            display.setVncExpires(when);
            return null;
        }
        throw QmpException.generic("Invalid parameter 'protocol'");
    }
}
