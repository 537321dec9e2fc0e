package org.qmpd.core.cpu;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * One vCPU and its thread, as QEMU runs each vCPU on a thread of its own: the thread starts
 * stopped, runs while the machine runs and parks when paused, acknowledging every pause
 * ({@link #pause()} returns once the thread is parked, as {@code pause_all_vcpus} waits for
 * {@code cpu->stopped}). qmpd executes no guest code, so a running vCPU waits in the idle loop
 * as a guest idling in {@code hlt} would; the boot processor is not halted, the others are
 * halted until started, as after a reset. {@link #threadId()} is the thread's Linux tid.
 */
public final class VirtualCpu {
    private final int index;
    private final X86State state = X86State.reset();
    private final Thread thread;
    private boolean halted;
    private boolean stopRequested = true;
    private boolean stopped;
    private boolean exit;
    private long threadId;

    public VirtualCpu(int index) {
        this.index = index;
        this.halted = index != 0;
        this.thread = new Thread(this::loop, "CPU " + index + "/TCG");
        thread.setDaemon(true);
    }

    public int index() {
        return index;
    }

    /** Starts the thread and waits until it knows its tid and has parked. */
    public synchronized void start() throws InterruptedException {
        thread.start();
        while (!stopped) {
            wait();
        }
    }

    private void loop() {
        long tid = nativeThreadId();
        synchronized (this) {
            threadId = tid;
            while (!exit) {
                if (stopRequested != stopped) {
                    stopped = stopRequested;
                    notifyAll();
                }
                try {
                    wait();
                } catch (InterruptedException e) {
                    exit = true;
                }
            }
            stopped = true;
            notifyAll();
        }
    }

    /** Lets the vCPU run (QEMU's {@code resume_all_vcpus}). */
    public synchronized void resume() {
        stopRequested = false;
        notifyAll();
    }

    /** Stops the vCPU and waits until its thread has parked. */
    public synchronized void pause() throws InterruptedException {
        stopRequested = true;
        notifyAll();
        while (!stopped && thread.isAlive()) {
            wait(100);
        }
    }

    /** Ends the thread. */
    public void destroy() throws InterruptedException {
        synchronized (this) {
            exit = true;
            notifyAll();
        }
        thread.join(2000);
    }

    public synchronized boolean halted() {
        return halted;
    }

    public synchronized boolean stopped() {
        return stopped;
    }

    public synchronized long threadId() {
        return threadId;
    }

    public Thread thread() {
        return thread;
    }

    /** A copy of the registers, as {@code cpu_synchronize_state} would fetch them. */
    public synchronized X86State state() {
        return state.copy();
    }

    /** The calling thread's Linux tid, from {@code /proc/thread-self}. */
    static long nativeThreadId() {
        try {
            Path self = Files.readSymbolicLink(Path.of("/proc/thread-self"));
            return Long.parseLong(self.getFileName().toString());
        } catch (IOException | RuntimeException e) {
            return ProcessHandle.current().pid();
        }
    }
}
