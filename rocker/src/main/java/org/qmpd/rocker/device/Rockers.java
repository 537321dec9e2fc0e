package org.qmpd.rocker.device;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.qmpd.core.api.Machine;
import org.qmpd.core.api.RunState;
import org.qmpd.core.api.RunStateListener;

/**
 * The machine's rocker switches by name (QEMU's {@code rockers} list and {@code rocker_find}),
 * and the count of switches given a default MAC ({@code sw_index}), which makes the second
 * switch's MACs and id differ from the first's. Switches forward only while the machine runs,
 * as QEMU's NICs receive only then: when it stops, each world is frozen once the frames in
 * flight are through (so a migration saves tables that no frame changes any more) and the
 * backends stop reading.
 */
@Component(service = {Rockers.class, RunStateListener.class})
public final class Rockers implements RunStateListener {
    private final Map<String, Rocker> byName = new LinkedHashMap<>();
    private final RunGate gate = new RunGate();
    private int swIndex;

    @Reference
    private Machine machine;

    @Activate
    void activate() {
        gate.set(machine.isRunning());
    }

    @Override
    public void runStateChanged(RunState from, RunState to) {
        boolean running = to == RunState.RUNNING;
        gate.set(running);
        for (Rocker r : all()) {
            r.world().freeze(!running);
        }
    }

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
        r.join(gate);
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
