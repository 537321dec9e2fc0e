package org.qmpd.core.machine;


import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.util.tracker.ServiceTracker;
import org.qmpd.core.api.EventBus;
import org.qmpd.core.api.Machine;
import org.qmpd.core.api.MachineExecutor;
import org.qmpd.core.api.RunState;
import org.qmpd.core.api.RunStateListener;

/**
 * The machine's run state, kept as QEMU 2.4's {@code vl.c} and {@code cpus.c} keep it: the
 * machine starts in {@code prelaunch}; {@link #start()} and {@link #stop(RunState)} change it
 * only across the running boundary and emit RESUME and STOP; listeners hear of every change.
 * A shutdown request emits SHUTDOWN from the main loop, after the current command has
 * answered, then stops the framework, which ends the process.
 */
@Component(service = {Machine.class, MachineState.class})
public final class MachineState implements Machine {
    private static final System.Logger LOG = System.getLogger(MachineState.class.getName());

    @Reference
    private EventBus events;
    @Reference
    private MachineExecutor executor;

    private ServiceTracker<RunStateListener, Listener> listeners;
    private BundleContext context;
    private volatile RunState state = RunState.PRELAUNCH;
    private volatile String name;
    private volatile boolean autostart = true;
    private volatile int cpuCount = 1;
    private volatile long ramSize = 128L << 20;
    private volatile boolean shutdownRequested;

    /**
     * A listener service, taken from the registry when it is first told of a change. Tracking
     * references rather than binding services keeps the whiteboard free of activation cycles:
     * a listener that needs the {@link Machine} (most do) could otherwise be bound late, after
     * a change it should have heard of.
     */
    private static final class Listener {
        private final BundleContext context;
        private final ServiceReference<RunStateListener> ref;
        private RunStateListener service;

        Listener(BundleContext context, ServiceReference<RunStateListener> ref) {
            this.context = context;
            this.ref = ref;
        }

        synchronized void tell(RunState from, RunState to) {
            if (service == null) {
                service = context.getService(ref);
            }
            if (service != null) {
                service.runStateChanged(from, to);
            }
        }

        synchronized void release() {
            if (service != null) {
                service = null;
                try {
                    context.ungetService(ref);
                } catch (IllegalStateException e) {
                    // the framework is stopping
                }
            }
        }
    }

    @Activate
    void activate(BundleContext context) {
        this.context = context;
        listeners = new ServiceTracker<>(context, RunStateListener.class, null) {
            @Override
            public Listener addingService(ServiceReference<RunStateListener> reference) {
                return new Listener(context, reference);
            }

            @Override
            public void removedService(ServiceReference<RunStateListener> reference, Listener listener) {
                listener.release();
            }
        };
        listeners.open();
    }

    @Deactivate
    void deactivate() {
        listeners.close();
    }

    @Override
    public RunState runState() {
        return state;
    }

    @Override
    public String name() {
        return name;
    }

    public void setName(String name) {
        this.name = name;
    }

    /** The {@code -smp} count of virtual CPUs. */
    public int cpuCount() {
        return cpuCount;
    }

    public void setCpuCount(int cpuCount) {
        this.cpuCount = cpuCount;
    }

    /** The {@code -m} size of guest RAM in bytes (QEMU's default: 128 MiB). */
    public long ramSize() {
        return ramSize;
    }

    public void setRamSize(long ramSize) {
        this.ramSize = ramSize;
    }

    @Override
    public void stop(RunState newState) {
        if (isRunning()) {
            setRunState(newState);
            events.emit("STOP", null);
        }
    }

    @Override
    public void start() {
        if (!isRunning()) {
            setRunState(RunState.RUNNING);
            events.emit("RESUME", null);
        }
    }

    @Override
    public void setRunState(RunState newState) {
        RunState old = state;
        state = newState;
        if (old != newState) {
            for (Listener listener : listeners.getTracked().values()) {
                try {
                    listener.tell(old, newState);
                } catch (RuntimeException e) {
                    LOG.log(System.Logger.Level.ERROR, "run state listener failed", e);
                }
            }
        }
    }

    @Override
    public boolean autostart() {
        return autostart;
    }

    @Override
    public void setAutostart(boolean autostart) {
        this.autostart = autostart;
    }

    @Override
    public void requestShutdown() {
        if (shutdownRequested) {
            return;
        }
        shutdownRequested = true;
        executor.execute(() -> {
            events.emit("SHUTDOWN", null);
            Thread stopper = new Thread(this::stopFramework, "qmpd-shutdown");
            stopper.start();
        });
    }

    /** The system property through which the launcher learns the exit status (default 0). */
    public static final String EXIT_STATUS = "qmpd.exit.status";

    @Override
    public void exit(int status) {
        if (shutdownRequested) {
            return;
        }
        shutdownRequested = true; // no SHUTDOWN event on the way out
        System.setProperty(EXIT_STATUS, Integer.toString(status));
        new Thread(this::stopFramework, "qmpd-exit").start();
    }

    /**
     * Emits SHUTDOWN now unless a shutdown request already did: the framework is stopping for
     * another reason (a signal), and clients are told as QEMU tells them on SIGTERM.
     */
    public void announceShutdown() {
        if (!shutdownRequested) {
            shutdownRequested = true;
            events.emit("SHUTDOWN", null);
        }
    }

    private void stopFramework() {
        try {
            context.getBundle(0).stop();
        } catch (BundleException | IllegalStateException e) {
            LOG.log(System.Logger.Level.ERROR, "could not stop the framework", e);
        }
    }
}
