package org.qmpd.core.session;

import java.util.Collection;
import java.util.concurrent.ConcurrentHashMap;

import org.osgi.service.component.annotations.Component;

/** The live sessions of every monitor, for event delivery and shutdown. */
@Component(service = Sessions.class)
public final class Sessions {
    private final ConcurrentHashMap<Long, QmpSession> live = new ConcurrentHashMap<>();

    public void add(QmpSession session) {
        live.put(session.id(), session);
    }

    public void remove(QmpSession session) {
        live.remove(session.id());
    }

    public Collection<QmpSession> all() {
        return live.values();
    }
}
