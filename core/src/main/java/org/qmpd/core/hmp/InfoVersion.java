package org.qmpd.core.hmp;

import org.osgi.service.component.annotations.Component;
import org.qmpd.core.api.HmpCommand;
import org.qmpd.core.api.HmpCommandHandler;
import org.qmpd.core.api.Session;
import org.qmpd.core.protocol.Greeting;

/** HMP {@code info version}: {@code 2.4.0 (qmpd 0.1.0)}. */
@Component(service = HmpCommandHandler.class)
@HmpCommand(name = "info version", help = "show the version of QEMU")
public final class InfoVersion implements HmpCommandHandler {
    @Override
    public String execute(String arguments, Session session) {
        return Greeting.MAJOR + "." + Greeting.MINOR + "." + Greeting.MICRO + Greeting.PACKAGE + "\n";
    }
}
