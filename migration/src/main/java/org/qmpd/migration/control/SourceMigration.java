package org.qmpd.migration.control;

import java.util.List;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.qmpd.core.api.GuestMemory;
import org.qmpd.core.api.Machine;
import org.qmpd.core.api.MachineExecutor;
import org.qmpd.core.api.RunState;
import org.qmpd.migration.state.Capability;
import org.qmpd.migration.state.MigrationSettings;
import org.qmpd.migration.state.MigrationStatus;
import org.qmpd.migration.transport.Endpoint;
import org.qmpd.migration.transport.TransportException;
import org.qmpd.migration.workload.GuestWorkload;

/**
 * The source side of migration, as 2.4's {@code MigrationState}: its status, the checks
 * {@code migrate} makes, cancel, and the numbers {@code query-migrate} shows. Status changes
 * happen under the machine lock and are announced through {@link MigrationEvents}; the
 * streaming itself runs in an {@link OutgoingMigration} on its own thread.
 */
@Component(service = SourceMigration.class)
public final class SourceMigration {
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
    @Reference
    private GuestWorkload workload;

    private volatile MigrationStatus status = MigrationStatus.NONE;
    private volatile OutgoingMigration job;

    public MigrationStatus status() {
        return status;
    }

    /**
     * {@code migrate}, in 2.4's order: refused while a migration is in progress, while waiting
     * for an incoming one, or while something blocks migration; then the status goes to
     * {@code setup} and the URI is looked at (an unknown scheme or a bad address fails the
     * migration and the command). Under the machine lock.
     */
    public void migrate(String uri, boolean blk, boolean inc) throws MigrationException {
        if (status.inProgress()) {
            throw new MigrationException("There's a migration process in progress");
        }
        if (machine.runState() == RunState.INMIGRATE) {
            throw new MigrationException("Guest is waiting for an incoming migration");
        }
        String blocker = handlers.blocker();
        if (blocker != null) {
            throw new MigrationException(blocker);
        }
        if (blk || inc) {
            // disks are shared between source and destination; there is no block migration
            throw new MigrationException("QEMU compiled without old-style (blk/-b, inc/-i) block migration");
        }
        setStatus(MigrationStatus.SETUP);
        Endpoint.Scheme scheme = Endpoint.schemeOf(uri);
        if (scheme == null || scheme == Endpoint.Scheme.RDMA) {
            setStatus(MigrationStatus.FAILED);
            throw new MigrationException("Parameter 'uri' expects a valid migration protocol");
        }
        if (scheme == Endpoint.Scheme.FD) {
            // there is no getfd: no descriptor name is ever known
            setStatus(MigrationStatus.FAILED);
            throw new MigrationException("File descriptor named '" + uri.substring(3) + "' has not been found");
        }
        Endpoint endpoint;
        try {
            endpoint = Endpoint.parse(uri);
        } catch (TransportException e) {
            setStatus(MigrationStatus.FAILED);
            throw new MigrationException(e.getMessage());
        }
        OutgoingMigration m = new OutgoingMigration(this, endpoint, settings.capabilities());
        job = m;
        m.start();
    }

    /** {@code migrate_cancel}: setup or active become cancelling; anything else is left alone. Under the lock. */
    public void cancel() {
        OutgoingMigration m = job;
        if (m != null && (status == MigrationStatus.SETUP || status == MigrationStatus.ACTIVE)) {
            setStatus(MigrationStatus.CANCELLING);
            m.cancel();
        }
    }

    /** What {@code query-migrate} reports now. */
    public Progress progress() {
        MigrationStatus s = status;
        OutgoingMigration m = job;
        if (m == null || s == MigrationStatus.NONE || s == MigrationStatus.SETUP) {
            return new Progress(s, 0, 0, 0, 0, null, null);
        }
        return m.progress(s, settings.enabled(Capability.XBZRLE), settings.cacheSize());
    }

    private void setStatus(MigrationStatus s) {
        status = s;
        events.changed(s, true);
    }

    /** From the migration thread: {@code from} to {@code to} under the lock, if still {@code from}. */
    boolean transition(MigrationStatus from, MigrationStatus to) {
        return locked(() -> {
            if (status != from) {
                return false;
            }
            setStatus(to);
            return true;
        });
    }

    /**
     * From the migration thread: stops the guest into {@code finish-migrate} (STOP if it ran) and
     * saves every section, under the lock; null if the migration was cancelled meanwhile.
     */
    OutgoingMigrationStop stopForCompletion() {
        return locked(() -> {
            if (status != MigrationStatus.ACTIVE) {
                return null;
            }
            RunState previous = machine.runState();
            boolean wasRunning = machine.isRunning();
            if (wasRunning) {
                machine.stop(RunState.FINISH_MIGRATE);
            } else {
                machine.setRunState(RunState.FINISH_MIGRATE);
            }
            List<SavevmHandlers.Section> sections;
            try {
                sections = handlers.saveAll();
            } catch (java.io.IOException | RuntimeException e) {
                restore(previous, wasRunning);
                throw new IllegalStateException("saving device state failed: " + e.getMessage(), e);
            }
            return new OutgoingMigrationStop(previous, wasRunning, sections, System.nanoTime());
        });
    }

    /**
     * From the migration thread, at its end: {@code completed} and {@code postmigrate} on
     * success; else {@code failed} (or {@code cancelled} after a cancel) and the guest back as it
     * was if the final stage had stopped it.
     */
    void finish(OutgoingMigration m, String failure, RunState previous, boolean wasRunning) {
        locked(() -> {
            if (failure == null) {
                // the destination has taken over: a cancel that came too late cannot undo that
                setStatus(MigrationStatus.COMPLETED);
                machine.setRunState(RunState.POSTMIGRATE);
            } else {
                setStatus(status == MigrationStatus.CANCELLING ? MigrationStatus.CANCELLED : MigrationStatus.FAILED);
                if (previous != null) {
                    restore(previous, wasRunning);
                }
                if (status == MigrationStatus.FAILED) {
                    System.err.println("qmpd: migration failed: " + failure);
                }
            }
            return null;
        });
    }

    private void restore(RunState previous, boolean wasRunning) {
        if (wasRunning) {
            machine.start();
        } else {
            machine.setRunState(previous);
        }
    }

    private <T> T locked(java.util.concurrent.Callable<T> task) {
        try {
            return executor.call(task);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    GuestMemory ram() {
        return ram;
    }

    MigrationSettings settings() {
        return settings;
    }

    GuestWorkload workload() {
        return workload;
    }

    @Deactivate
    void deactivate() throws InterruptedException {
        OutgoingMigration m = job;
        if (m != null && status.inProgress()) {
            m.cancel();
            m.join(5000);
        }
    }
}
