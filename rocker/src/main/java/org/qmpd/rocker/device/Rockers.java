package org.qmpd.rocker.device;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;

/**
 * The machine's rocker switches by name (QEMU's {@code rockers} list and {@code rocker_find}),
 * and the count of switches given a default MAC ({@code sw_index}), which makes the second
 * switch's MACs and id differ from the first's.
 */
@Component(service = Rockers.class)
public final class Rockers {
    private final Map<String, Rocker> byName = new LinkedHashMap<>();
    private int swIndex;

    public synchronized Rocker find(String name) {
        return byName.get(name);
    }

    public synchronized List<Rocker> all() {
        return new ArrayList<>(byName.values());
    }

    synchronized int nextSwitchIndex() {
        return swIndex++;
    }

    synchronized void add(Rocker r) {
        byName.put(r.name(), r);
    }

    synchronized void remove(Rocker r) {
        byName.remove(r.name(), r);
    }

    @Deactivate
    void deactivate() {
        for (Rocker r : all()) {
            r.detachAll();
            remove(r);
        }
    }
}
