package org.qmpd.block.job;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import org.qmpd.block.graph.BlockBackend;
import org.qmpd.block.graph.BlockIOException;

/**
 * One block job on a device, as QEMU 2.4's {@code BlockJob}: its type, the progress it shows
 * ({@code len}, {@code offset}), its speed limit, and the states a client controls (paused,
 * cancelled) or watches (busy, ready, I/O status).
 *
 * <p>A job runs {@link #run} on its own thread, never under the machine lock, and stops at
 * its {@link #sleep} points to honour pauses, cancellation and the speed limit. When
 * {@code run} returns, {@link #finish} runs under the machine lock to change the graph and
 * release what the job held, then the job is gone and {@code BLOCK_JOB_COMPLETED} or
 * {@code BLOCK_JOB_CANCELLED} is emitted. Control methods are called under the machine lock;
 * the state they change is read by the job's thread.
 */
public abstract class BlockJob {
    /** 2.4's {@code BlockJobType}. */
    public enum Type {
        commit, stream, mirror, backup
    }

    private final Type type;
    private final String device;
    private final BlockBackend backend;
    private final RateLimit limit = new RateLimit();
    private final Object monitor = new Object();
    private final AtomicLong offset = new AtomicLong();
    private final AtomicBoolean finished = new AtomicBoolean();
    private volatile JobHost host;
    private volatile long len;
    private volatile long speed;
    private volatile boolean paused;
    private volatile boolean cancelled;
    private volatile boolean busy = true;
    private volatile boolean ready;
    private volatile String ioStatus = "ok";
    private boolean wake;
    private Thread thread;

    /** A job on the device {@code device} (the name clients use), whose backend is {@code backend}. */
    protected BlockJob(Type type, String device, BlockBackend backend, long speed) {
        this.type = type;
        this.device = device;
        this.backend = backend;
        setSpeed(speed);
    }

    public final Type type() {
        return type;
    }

    /** The device name, as {@code query-block-jobs} and the events show it. */
    public final String device() {
        return device;
    }

    public final BlockBackend backend() {
        return backend;
    }

    public final long len() {
        return len;
    }

    protected final void setLen(long len) {
        this.len = len;
    }

    public final long offset() {
        return offset.get();
    }

    /** Publishes progress ({@code offset} is an opaque progress count, not a disk offset). */
    protected final void progress(long bytes) {
        offset.addAndGet(bytes);
    }

    public final long speed() {
        return speed;
    }

    public final boolean isBusy() {
        return busy;
    }

    public final boolean isPaused() {
        return paused;
    }

    public final boolean isCancelled() {
        return cancelled;
    }

    public final boolean isReady() {
        return ready;
    }

    /** {@code ok}, {@code failed} or {@code nospace}: set when an error stops the job, reset by resume. */
    public final String ioStatus() {
        return ioStatus;
    }

    // ---- control, from commands ---------------------------------------------------------

    /** {@code block-job-set-speed}; the caller has refused negative speeds. */
    public final void setSpeed(long bytesPerSecond) {
        speed = bytesPerSecond;
        limit.setSpeed(bytesPerSecond);
        wakeUp();
    }

    /** {@code block-job-pause}: the job stops at its next pause point. */
    public final void pause() {
        paused = true;
    }

    /** {@code block-job-resume}: clears the pause and the I/O status. */
    public final void resume() {
        paused = false;
        ioStatus = "ok";
        wakeUp();
    }

    /** {@code block-job-cancel}: the job stops at its next pause point, even a paused one. */
    public final void cancel() {
        cancelled = true;
        ioStatus = "ok";
        wakeUp();
    }

    /**
     * {@code block-job-complete}: asks a job that waits for it (an active commit that is
     * ready) to finish; false if this job cannot be completed now.
     */
    public boolean complete() {
        return false;
    }

    /** Lets a job take back a cancel it turns into a completion (a mirror that is in sync). */
    protected final void uncancel() {
        cancelled = false;
    }

    protected final void wakeUp() {
        synchronized (monitor) {
            wake = true;
            monitor.notifyAll();
        }
    }

    // ---- for the job's own thread -------------------------------------------------------

    /**
     * The work, on the job's thread. Returns 0, or the errno the job failed with.
     * Cancellation is seen through {@link #isCancelled}.
     */
    protected abstract int run() throws InterruptedException;

    /**
     * The end of the job, under the machine lock (at shutdown, on the stopping thread, with
     * no event): graph changes on success, release of what the job held in any case.
     * Returns the errno to report, 0 for success.
     */
    protected abstract int finish(int errno);

    /**
     * QEMU's {@code block_job_sleep_ns}: unless cancelled, waits {@code ns} nanoseconds (0: not
     * at all), and while the job is paused, until it is resumed or cancelled. The job is not
     * busy meanwhile. A resume, a cancel, a new speed or a completion request ends the wait early.
     */
    protected final void sleep(long ns) throws InterruptedException {
        if (cancelled) {
            return;
        }
        synchronized (monitor) {
            busy = false;
            try {
                wake = false;
                long deadline = System.nanoTime() + ns;
                while (!cancelled) {
                    if (paused) {
                        monitor.wait();
                        continue;
                    }
                    long left = deadline - System.nanoTime();
                    if (left <= 0 || wake) {
                        break;
                    }
                    TimeUnit.NANOSECONDS.timedWait(monitor, left);
                }
            } finally {
                busy = true;
            }
        }
    }

    /** Accounts {@code bytes} just copied: waits what they are worth at the speed limit; a pause point. */
    protected final void throttle(long bytes) throws InterruptedException {
        sleep(limit.delayAfter(bytes));
    }

    /** A chunk size that suits the speed limit (about a tenth of a second's worth), in {@code [min, max]}. */
    protected final int chunk(int min, int max) {
        return limit.chunk(min, max);
    }

    /**
     * QEMU's {@code block_job_error_action}: decides what {@code onError} means for
     * {@code errno}, for {@code stop} pauses the job with its I/O status set, and emits
     * {@code BLOCK_JOB_ERROR}. QEMU emits first, but it runs jobs and monitors on one thread:
     * here the job has its own, so the state changes first, and a client that reacts to the
     * event with {@code query-block-jobs} sees the job paused.
     */
    protected final ErrorAction errorAction(OnError onError, boolean read, int errno) {
        ErrorAction action = onError.action(errno);
        if (action == ErrorAction.stop) {
            paused = true;
            if ("ok".equals(ioStatus)) {
                ioStatus = errno == BlockIOException.ENOSPC ? "nospace" : "failed";
            }
        }
        JobHost h = host;
        if (h != null) {
            h.error(this, read, action);
        }
        return action;
    }

    /** The job is in sync and waits for {@code block-job-complete}: emits {@code BLOCK_JOB_READY}. */
    protected final void ready() {
        ready = true;
        JobHost h = host;
        if (h != null) {
            h.ready(this);
        }
    }

    // ---- life cycle, driven by BlockJobs ------------------------------------------------

    final void start(JobHost h) {
        this.host = h;
        thread = new Thread(this::body, "qmpd-job-" + type + "-" + device);
        thread.setDaemon(true);
        thread.start();
    }

    private void body() {
        int errno;
        try {
            errno = run();
        } catch (InterruptedException e) {
            cancelled = true;
            errno = 0;
        } catch (RuntimeException | Error e) {
            System.getLogger("org.qmpd.block.job").log(System.Logger.Level.ERROR, "block job failed", e);
            errno = BlockIOException.EIO;
        }
        host.ended(this, errno);
    }

    /** Runs {@link #finish} once, whoever asks first (the machine thread, or shutdown). */
    final int finishOnce(int errno) {
        synchronized (finished) {
            if (finished.getAndSet(true)) {
                return errno;
            }
            return finish(errno);
        }
    }

    final boolean isFinished() {
        return finished.get();
    }

    final void join(long millis) throws InterruptedException {
        Thread t = thread;
        if (t != null) {
            t.join(millis);
        }
    }
}
