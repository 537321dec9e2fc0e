package org.qmpd.core.balloon;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.qmpd.core.api.ErrorClass;
import org.qmpd.core.api.EventBus;
import org.qmpd.core.api.GuestMemory;
import org.qmpd.core.api.Machine;
import org.qmpd.core.api.MachineExecutor;
import org.qmpd.core.api.MigratableState;
import org.qmpd.core.api.QmpException;

/**
 * The memory balloon, as QEMU 2.4's {@code balloon.c} and {@code virtio-balloon.c} share it:
 * one balloon device at most registers as the handler; {@code balloon} sets the target, which
 * the guest's balloon driver follows. qmpd plays that driver: while the guest runs and the
 * balloon is not at its target, it inflates (or deflates) the balloon by 256 pages (one Linux
 * {@code fill_balloon} batch) every millisecond and reports each new {@code actual} to the
 * device, which emits BALLOON_CHANGE (the event bus holds it to one per second). A paused
 * guest's driver does not move; a balloon at its target costs no thread time.
 *
 * <p>Balloon pages are taken from the top of guest RAM downwards. Their contents are released
 * by zeroing, through {@link GuestMemory}, every page that is not already zero; pages never
 * touched are left alone and cost nothing. The tmpfs pages behind RAM that were written stay
 * allocated: Java can neither punch holes ({@code fallocate}) nor {@code madvise}, and
 * shrinking the file would fault lock-free readers such as a running migration.
 */
@Component(service = {Balloon.class, MigratableState.class})
public final class Balloon implements MigratableState {
    /** Pages the simulated guest driver moves per step ({@code VIRTIO_BALLOON_ARRAY_PFNS_MAX}). */
    static final int BATCH = 256;
    static final long STEP_MICROS = 1000;
    static final int PAGE_SHIFT = 12;

    @Reference
    private GuestMemory memory;
    @Reference
    private Machine machine;
    @Reference
    private MachineExecutor executor;
    @Reference
    private EventBus events;

    private ScheduledExecutorService driver;
    private ScheduledFuture<?> stepping;
    private Object owner;
    /** The target the device asks of the guest, in pages ({@code num_pages}). */
    private long numPages;
    /** The pages in the balloon, as the guest reported ({@code actual}). */
    private long actualPages;
    private boolean stepQueued;

    public Balloon() {
    }

    /** For unit tests: a balloon over the given collaborators, stepped by hand. */
    Balloon(GuestMemory memory, Machine machine, MachineExecutor executor, EventBus events) {
        this.memory = memory;
        this.machine = machine;
        this.executor = executor;
        this.events = events;
    }

    @Activate
    void activate() {
        driver = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "virtio-balloon-driver");
            t.setDaemon(true);
            return t;
        });
    }

    @Deactivate
    void deactivate() {
        driver.shutdownNow();
    }

    /**
     * Registers {@code device} as the balloon ({@code qemu_add_balloon_handler}); a second one is
     * refused as 2.4's {@code virtio_balloon_device_realize} refuses it.
     */
    public synchronized void register(Object device) throws QmpException {
        if (owner != null) {
            throw QmpException.generic("Only one balloon device is supported");
        }
        owner = device;
        numPages = 0;
        actualPages = 0;
    }

    /** Wakes the guest's driver while the balloon has somewhere to go; it sleeps again when there. */
    private void wakeDriver() {
        if (driver != null && stepping == null) {
            stepping = driver.scheduleWithFixedDelay(this::step, STEP_MICROS, STEP_MICROS, TimeUnit.MICROSECONDS);
        }
    }

    private void sleepDriver() {
        if (stepping != null) {
            stepping.cancel(false);
            stepping = null;
        }
    }

    /** Unregisters {@code device}; its pages go back to the guest. */
    public synchronized void unregister(Object device) {
        if (owner == device) {
            owner = null;
            sleepDriver();
            numPages = 0;
            actualPages = 0;
        }
    }

    private void check() throws QmpException {
        if (owner == null) {
            throw new QmpException(ErrorClass.DeviceNotActive, "No balloon device has been activated");
        }
    }

    /** {@code query-balloon}: the guest's memory size as the balloon leaves it, in bytes. */
    public synchronized long actual() throws QmpException {
        check();
        return ramSize() - (actualPages << PAGE_SHIFT);
    }

    /** {@code balloon}: asks the guest to shrink or grow to {@code target} bytes. */
    public synchronized void target(long target) throws QmpException {
        check();
        if (target <= 0) {
            throw QmpException.generic("Parameter 'target' expects a size");
        }
        long ram = ramSize();
        if (target > ram) {
            target = ram;
        }
        numPages = (ram - target) >> PAGE_SHIFT;
        wakeDriver();
    }

    private long ramSize() {
        return memory.size();
    }

    /** One step of the guest's driver: a batch in or out, then the new actual told to the device. */
    void step() {
        synchronized (this) {
            if (owner == null || numPages == actualPages) {
                sleepDriver();
                return;
            }
            if (stepQueued || !machine.isRunning()) {
                return;
            }
            stepQueued = true;
        }
        executor.execute(this::apply);
    }

    private void apply() {
        long actualBytes;
        synchronized (this) {
            stepQueued = false;
            if (owner == null || numPages == actualPages) {
                return;
            }
            long delta = Math.max(-BATCH, Math.min(BATCH, numPages - actualPages));
            if (delta > 0) {
                long topPage = (ramSize() >> PAGE_SHIFT) - actualPages;
                release(topPage - delta, delta);
            }
            actualPages += delta;
            actualBytes = ramSize() - (actualPages << PAGE_SHIFT);
        }
        events.emit("BALLOON_CHANGE", new BalloonChange(actualBytes));
    }

    /** Zeroes the pages that are not zero already. */
    private void release(long firstPage, long count) {
        byte[] zero = new byte[GuestMemory.PAGE_SIZE];
        for (long p = firstPage; p < firstPage + count; p++) {
            if (!memory.isZeroPage(p)) {
                memory.write(p * GuestMemory.PAGE_SIZE, zero, 0, zero.length);
            }
        }
    }

    /** BALLOON_CHANGE's data. */
    public record BalloonChange(long actual) {
    }

    @Override
    public String sectionId() {
        return "core/virtio-balloon";
    }

    @Override
    public int version() {
        return 1;
    }

    @Override
    public synchronized void save(DataOutput out) throws IOException {
        out.writeLong(numPages);
        out.writeLong(actualPages);
    }

    @Override
    public synchronized void load(DataInput in, int version) throws IOException {
        long target = in.readLong();
        long actual = in.readLong();
        if (owner != null) {
            numPages = target;
            actualPages = actual;
            wakeDriver();
        }
    }
}
