package org.qmpd.core.cpu;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.qmpd.core.api.RunState;
import org.qmpd.core.api.RunStateListener;
import org.qmpd.core.device.QomObject;
import org.qmpd.core.device.QomTree;
import org.qmpd.core.machine.MachineState;

/**
 * The machine's {@code -smp} vCPUs. They are made on first need, once the command line has set
 * the count: each vCPU's object goes to {@code /machine/unattached/device[2i]} and its local
 * APIC to {@code device[2i+1]}, the numbering QEMU 2.4's pc machine gives them (the seed shows
 * CPU 1 at {@code device[2]}). The vCPU threads run while the machine runs and are paused,
 * and waited for, when it stops.
 */
@Component(service = {Cpus.class, RunStateListener.class})
public final class Cpus implements RunStateListener {
    static final String CPU_TYPE = "qemu64-x86_64-cpu";

    @Reference
    private MachineState machine;
    @Reference
    private QomTree tree;

    private final List<VirtualCpu> cpus = new ArrayList<>();
    private final List<String> paths = new ArrayList<>();
    private final Runnable populator = this::realize;

    @Activate
    void activate() {
        tree.addPopulator(populator);
    }

    @Deactivate
    synchronized void deactivate() throws InterruptedException {
        tree.removePopulator(populator);
        for (VirtualCpu cpu : cpus) {
            cpu.destroy();
        }
    }

    /** Creates the vCPUs if they do not exist yet. */
    public synchronized void realize() {
        if (!cpus.isEmpty()) {
            return;
        }
        int n = machine.cpuCount();
        for (int i = 0; i < n; i++) {
            VirtualCpu cpu = new VirtualCpu(i);
            int apicId = i;
            QomObject object = new QomObject(CPU_TYPE, () -> cpuProperties(cpu))
                    .property("realized", () -> true)
                    .property("apic-id", () -> apicId);
            tree.addUnattached(object);
            tree.addUnattached(new QomObject("apic").property("realized", () -> true).property("id", () -> apicId));
            cpus.add(cpu);
            paths.add(object.path());
            try {
                cpu.start();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while starting vCPU " + i, e);
            }
            if (machine.isRunning()) {
                cpu.resume();
            }
        }
    }

    private static Map<String, Object> cpuProperties(VirtualCpu cpu) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("halted", cpu.halted());
        return p;
    }

    /** Every vCPU, in index order. */
    public synchronized List<VirtualCpu> cpus() {
        realize();
        return List.copyOf(cpus);
    }

    /** The QOM path of vCPU {@code index}. */
    public synchronized String qomPath(int index) {
        realize();
        return paths.get(index);
    }

    @Override
    public void runStateChanged(RunState from, RunState to) {
        if (to == RunState.RUNNING) {
            for (VirtualCpu cpu : cpus()) {
                cpu.resume();
            }
        } else if (from == RunState.RUNNING) {
            pauseAll();
        }
    }

    /** Stops every vCPU and waits until each thread has parked. */
    public void pauseAll() {
        for (VirtualCpu cpu : cpus()) {
            try {
                cpu.pause();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
