package org.qmpd.migration.control;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.qmpd.core.api.GuestMemory;
import org.qmpd.core.api.Machine;
import org.qmpd.core.api.MachineExecutor;
import org.qmpd.core.api.RunState;
import org.qmpd.migration.state.MigrationSettings;
import org.qmpd.migration.state.MigrationStatus;
import org.qmpd.migration.transport.Endpoint;
import org.qmpd.migration.transport.Listener;
import org.qmpd.migration.transport.TransportException;

/**
 * The destination side of migration: {@code -incoming URI} and {@code -incoming defer} with
 * {@code migrate-incoming}, as 2.4's {@code qemu_start_incoming_migration}. The machine waits
 * in {@code inmigrate}; the one connection accepted is loaded by an {@link IncomingMigration}
 * on its own thread. On success the guest runs if the source's did and {@code -S} was not
 * given (else it keeps the source's state, or {@code paused}); on failure the destination
 * reports {@code failed}, says why on standard error, and stays in {@code inmigrate} (2.4
 * exits the process instead; qmpd stays up so that its management can see and {@code quit} it).
 */
@Component(service = DestinationMigration.class)
public final class DestinationMigration {
    @Reference
    private Machine machine;
    @Reference
    private MachineExecutor executor;
    @Reference
    private GuestMemory ram;
    @Reference
    private MigrationSettings settings;
    @Reference
    private MigrationEvents events;
    @Reference
    private SavevmHandlers handlers;

    private boolean deferred;
    private boolean started;
    private volatile MigrationStatus status = MigrationStatus.NONE;
    private volatile Listener listener;
    private volatile IncomingMigration job;

    /**
     * {@code -incoming URI}: the machine waits for a migration; {@code defer} waits for
     * {@code migrate-incoming}. As in QEMU, when the option is given twice the last one counts.
     */
    public void launch(String uri) throws MigrationException {
        machine.setRunState(RunState.INMIGRATE);
        IncomingMigration previous = job;
        if (previous != null) {
            previous.cancel();
            job = null;
            listener = null;
        }
        deferred = false;
        started = false;
        start(uri);
        if (!uri.equals("defer")) {
            started = true;
        }
    }

    /** {@code migrate-incoming}, with 2.4's checks (but not its bug of carrying on after the second). */
    public void migrateIncoming(String uri) throws MigrationException {
        if (!deferred) {
            throw new MigrationException("For use with '-incoming defer'");
        }
        if (started) {
            throw new MigrationException("The incoming migration has already been started");
        }
        start(uri);
        started = true;
    }

    private void start(String uri) throws MigrationException {
        setStatus(MigrationStatus.SETUP);
        if (uri.equals("defer")) {
            if (deferred) {
                throw new MigrationException("Incoming migration already deferred");
            }
            deferred = true;
            return;
        }
        Endpoint.Scheme scheme = Endpoint.schemeOf(uri);
        if (scheme == null || scheme == Endpoint.Scheme.RDMA) {
            throw new MigrationException("unknown migration protocol: " + uri);
        }
        Listener l;
        try {
            l = scheme == Endpoint.Scheme.FD ? Listener.descriptor(uri.substring(3)) : Endpoint.parse(uri).listen();
        } catch (TransportException e) {
            throw new MigrationException(e.getMessage());
        }
        listener = l;
        // QEMU's RAM exists from start-up; ours is mapped on first use: not while the stream waits
        ram.countZeroPages(0, 1);
        IncomingMigration m = new IncomingMigration(this, l);
        job = m;
        m.start();
    }

    private void setStatus(MigrationStatus s) {
        status = s;
        events.changed(s, false);
    }

    public MigrationStatus status() {
        return status;
    }

    /** The port of a {@code tcp:} listener (useful after {@code tcp:HOST:0}), or -1. */
    public int listeningPort() {
        Listener l = listener;
        return l == null ? -1 : l.port();
    }

    void changeStatus(MigrationStatus s) {
        try {
            locked(() -> {
                setStatus(s);
                return null;
            });
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Runs {@code task} under the machine lock from the incoming thread. */
    <T> T locked(java.util.concurrent.Callable<T> task) throws java.io.IOException {
        try {
            return executor.call(task);
        } catch (java.io.IOException | RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    Machine machine() {
        return machine;
    }

    GuestMemory ram() {
        return ram;
    }

    MigrationSettings settings() {
        return settings;
    }

    SavevmHandlers handlers() {
        return handlers;
    }

    @Deactivate
    void deactivate() throws InterruptedException {
        IncomingMigration m = job;
        if (m != null) {
            m.cancel();
            m.join(5000);
        }
    }
}
