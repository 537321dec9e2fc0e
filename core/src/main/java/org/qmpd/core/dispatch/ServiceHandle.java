package org.qmpd.core.dispatch;

import org.osgi.service.component.ComponentServiceObjects;

/**
 * A command service of a dispatch table's row: obtained at the command's first call (so no
 * command component is activated before a client needs it) and kept until the row goes. DS
 * disposes of a delayed component once its last user ungets it, so a get and an unget around
 * every call would create, inject and destroy the handler's instance each time: two fifths
 * of a {@code query-status} round trip.
 */
public final class ServiceHandle<S> {
    private final ComponentServiceObjects<S> objects;
    private volatile S service;
    private boolean released;

    ServiceHandle(ComponentServiceObjects<S> objects) {
        this.objects = objects;
    }

    /** The service, obtained on first use; null if it cannot be had (or its row has gone). */
    public S get() {
        S s = service;
        if (s != null) {
            return s; // every call after the first: no lock, so sessions do not queue here
        }
        synchronized (this) {
            if (service == null && !released) {
                service = objects.getService();
            }
            return service;
        }
    }

    /** The row has gone: gives the service back (a call still running keeps its instance). */
    synchronized void release() {
        released = true;
        if (service != null) {
            S s = service;
            service = null;
            try {
                objects.ungetService(s);
            } catch (IllegalStateException | IllegalArgumentException e) {
                // the component is already gone with its bundle
            }
        }
    }
}
