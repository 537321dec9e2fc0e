package org.qmpd.core.dispatch;

import java.nio.charset.StandardCharsets;
import java.util.function.Function;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * The launcher's way in: a {@code Function<String, String>} service (property
 * {@code qmpd.endpoint=launcher}) that runs one QMP request, given as JSON text, in an
 * in-process session and returns the response text. Only {@code java.*} types cross, so the
 * launcher, outside the framework, needs none of our classes.
 */
@Component(service = Function.class, property = "qmpd.endpoint=launcher")
public final class LauncherEndpoint implements Function<String, String> {
    @Reference
    private Dispatcher dispatcher;
    @Reference
    private StartupGate gate;

    private InternalSession session;

    @Activate
    void activate() {
        session = new InternalSession();
    }

    @Override
    public synchronized String apply(String request) {
        gate.begin();
        byte[] bytes = request.getBytes(StandardCharsets.UTF_8);
        dispatcher.handle(session, bytes, 0, bytes.length);
        return session.takeResponse();
    }
}
