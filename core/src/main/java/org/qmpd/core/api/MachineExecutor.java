package org.qmpd.core.api;

import java.util.concurrent.Callable;
import java.util.concurrent.Executor;

/**
 * The machine's big lock, like QEMU's: QMP commands and machine state changes run one at a
 * time under it. Data paths (NBD I/O, bitmaps, the rocker pipeline, migration streams) run on
 * their own threads and publish state changes through {@link #execute(Runnable)}, which
 * queues the task and returns at once.
 */
public interface MachineExecutor extends Executor {
    /** Queues {@code task} to run under the lock on the machine's main-loop thread. */
    @Override
    void execute(Runnable task);

    /** Runs {@code task} under the lock on the calling thread, waiting for the lock. */
    <T> T call(Callable<T> task) throws Exception;

    /** Whether the calling thread holds the lock. */
    boolean isHeldByCurrentThread();
}
