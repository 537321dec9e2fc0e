package org.qmpd.migration.workload;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.qmpd.core.api.GuestMemory;
import org.qmpd.core.api.Machine;
import org.qmpd.core.api.MigratableState;
import org.qmpd.core.api.QmpException;
import org.qmpd.core.api.RunState;
import org.qmpd.core.api.RunStateListener;

/**
 * The built-in guest: a thread that, while the machine runs, dirties {@code rate} bytes of
 * guest RAM per second ({@code rate / 4096} pages, each written as {@link Pattern} says) and
 * optionally writes {@code disk-rate} bytes per second of random 4 KiB blocks to a block
 * device through the block layer, as a guest's own I/O would. It stands in for vCPUs: it
 * writes nothing while the guest is not running, and a stop waits for the write in flight, so
 * once {@code stop} has returned the RAM is still; {@code auto-converge} throttles it. Its
 * configuration migrates with the machine (section {@code migration/guest-workload}), so a
 * destination carries on the workload when its guest starts. See {@code migration/WORKLOAD.md}.
 */
@Component(service = {GuestWorkload.class, RunStateListener.class, MigratableState.class})
public final class GuestWorkload implements RunStateListener, MigratableState {
    private static final int PAGE = GuestMemory.PAGE_SIZE;
    /** Pages written per turn of the vCPU lock: a stop waits at most this long. */
    private static final int BATCH = 64;
    private static final long TICK_NS = 2_000_000L;

    /** A running workload's parameters; {@code device} is null without disk writes. */
    public record Config(long rate, Pattern pattern, String device, long diskRate) {
    }

    /** What {@code x-query-guest-workload} shows. */
    public record Status(Config config, int throttle, long pagesWritten, long diskBytesWritten) {
    }

    @Reference
    private GuestMemory ram;
    @Reference
    private Machine machine;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile DiskWrites disks;

    private final ReentrantLock vcpu = new ReentrantLock();
    private volatile boolean guestRunning;
    private volatile Config config;
    private volatile int throttle;
    private Thread thread;
    private final AtomicLong pagesWritten = new AtomicLong();
    private final AtomicLong diskBytes = new AtomicLong();

    @Activate
    void activate() {
        guestRunning = machine.isRunning();
    }

    @Deactivate
    void deactivate() {
        stop();
    }

    /** Checks that {@code device} can take the disk writes: QEMU's error if it cannot. */
    public void checkDevice(String device) throws QmpException {
        DiskWrites d = disks;
        if (d == null) {
            throw QmpException.generic("Device '" + device + "' cannot take guest writes: no block layer is active");
        }
        d.size(device);
    }

    /** Starts the workload, or changes a running one's parameters. */
    public synchronized void start(Config c) {
        stop();
        config = c;
        Thread t = new Thread(() -> run(c), "qmpd-guest-workload");
        t.setDaemon(true);
        thread = t;
        t.start();
    }

    public synchronized void stop() {
        Thread t = thread;
        config = null;
        thread = null;
        if (t != null) {
            // no interrupt: one inside a RAM write would close the guest RAM's file channel
            LockSupport.unpark(t);
            try {
                t.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** The {@code auto-converge} throttle in percent (0 to 99): the share of time the guest is held. */
    public void setThrottle(int percent) {
        throttle = percent;
    }

    public Status status() {
        return new Status(config, throttle, pagesWritten.get(), diskBytes.get());
    }

    @Override
    public void runStateChanged(RunState from, RunState to) {
        if (to == RunState.RUNNING) {
            guestRunning = true;
            Thread t = thread;
            if (t != null) {
                LockSupport.unpark(t);
            }
        } else {
            // as pause_all_vcpus: return only once no write is in flight
            vcpu.lock();
            try {
                guestRunning = false;
            } finally {
                vcpu.unlock();
            }
        }
    }

    private void run(Config c) {
        PageFiller filler = new PageFiller(System.nanoTime());
        byte[] buf = new byte[BATCH * PAGE];
        byte[] block = new byte[PAGE];
        long pages = ram.pageCount();
        long next = 0;
        double pageBudget = 0;
        double diskBudget = 0;
        long last = System.nanoTime();
        boolean diskFailed = false;
        while (config == c) {
            if (!guestRunning) {
                LockSupport.parkNanos(50_000_000L);
                last = System.nanoTime();
                continue;
            }
            long now = System.nanoTime();
            double share = (100 - throttle) / 100.0 * (now - last) / 1e9;
            last = now;
            pageBudget = Math.min(pageBudget + c.rate() * share / PAGE, Math.max(1, c.rate() / PAGE) + 1);
            diskBudget = Math.min(diskBudget + c.diskRate() * share / PAGE, Math.max(1, c.diskRate() / PAGE) + 1);
            while (pageBudget >= 1 && config == c) {
                int n = (int) Math.min(pageBudget, BATCH);
                vcpu.lock();
                try {
                    if (!guestRunning) {
                        break;
                    }
                    next = writePages(c.pattern(), filler, buf, n, pages, next);
                } finally {
                    vcpu.unlock();
                }
                pagesWritten.addAndGet(n);
                pageBudget -= n;
            }
            if (c.device() != null && !diskFailed) {
                while (diskBudget >= 1 && config == c) {
                    vcpu.lock();
                    try {
                        if (!guestRunning) {
                            break;
                        }
                        diskFailed = !writeBlock(c.device(), filler, block);
                    } finally {
                        vcpu.unlock();
                    }
                    if (diskFailed) {
                        break;
                    }
                    diskBytes.addAndGet(PAGE);
                    diskBudget -= 1;
                }
            }
            LockSupport.parkNanos(TICK_NS);
        }
    }

    /** Writes {@code n} pages as {@code pattern} says; returns the next sequential page. */
    private long writePages(Pattern pattern, PageFiller filler, byte[] buf, int n, long pages, long next) {
        switch (pattern) {
            case SEQUENTIAL: {
                int done = 0;
                while (done < n) {
                    int run = (int) Math.min(n - done, pages - next);
                    filler.randomBytes(buf, 0, run * PAGE);
                    ram.write(next * PAGE, ByteBuffer.wrap(buf, 0, run * PAGE));
                    done += run;
                    next = (next + run) % pages;
                }
                return next;
            }
            case RANDOM:
                filler.randomBytes(buf, 0, n * PAGE);
                for (int i = 0; i < n; i++) {
                    ram.write(filler.nextLong(pages) * PAGE, ByteBuffer.wrap(buf, i * PAGE, PAGE));
                }
                return next;
            case SEQUENTIAL_TEXT: {
                for (int i = 0; i < n; i++) {
                    for (int at = 0; at < PAGE; at += PageFiller.LINE) {
                        filler.textLine(buf, at);
                    }
                    ram.write(next * PAGE, ByteBuffer.wrap(buf, 0, PAGE));
                    next = (next + 1) % pages;
                }
                return next;
            }
            case TEXT:
                for (int i = 0; i < n; i++) {
                    byte[] line = filler.textLine();
                    long at = filler.nextLong(pages) * PAGE + (long) filler.nextInt(PAGE / PageFiller.LINE) * PageFiller.LINE;
                    ram.write(at, line, 0, line.length);
                }
                return next;
            default:
                java.util.Arrays.fill(buf, 0, PAGE, (byte) 0);
                for (int i = 0; i < n; i++) {
                    ram.write(filler.nextLong(pages) * PAGE, ByteBuffer.wrap(buf, 0, PAGE));
                }
                return next;
        }
    }

    private boolean writeBlock(String device, PageFiller filler, byte[] block) {
        DiskWrites d = disks;
        if (d == null) {
            return false;
        }
        try {
            long blocks = d.size(device) / PAGE;
            if (blocks == 0) {
                return false;
            }
            filler.randomBytes(block, 0, PAGE);
            d.write(device, filler.nextLong(blocks) * PAGE, block);
            return true;
        } catch (QmpException e) {
            System.getLogger(GuestWorkload.class.getName()).log(System.Logger.Level.WARNING,
                    "guest workload: disk writes to " + device + " stopped: " + e.desc());
            return false;
        }
    }

    @Override
    public String sectionId() {
        return "migration/guest-workload";
    }

    @Override
    public int version() {
        return 1;
    }

    @Override
    public void save(DataOutput out) throws IOException {
        Config c = config;
        out.writeBoolean(c != null);
        if (c != null) {
            out.writeLong(c.rate());
            out.writeUTF(c.pattern().qapiName());
            out.writeUTF(c.device() == null ? "" : c.device());
            out.writeLong(c.diskRate());
        }
    }

    @Override
    public void load(DataInput in, int version) throws IOException {
        if (!in.readBoolean()) {
            stop();
            return;
        }
        long rate = in.readLong();
        Pattern pattern = Pattern.of(in.readUTF());
        String device = in.readUTF();
        long diskRate = in.readLong();
        if (pattern == null) {
            throw new IOException("unknown workload pattern");
        }
        start(new Config(rate, pattern, device.isEmpty() ? null : device, diskRate));
    }
}
