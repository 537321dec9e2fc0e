package org.qmpd.core.machine;

import java.util.concurrent.Callable;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.locks.ReentrantLock;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.qmpd.core.api.MachineExecutor;

/**
 * The machine's big lock and its main loop, as QEMU's BQL and main loop. A QMP command runs
 * on its session's own thread while holding the lock, so a round trip needs no thread hop;
 * queued tasks from data paths run on the {@code qmpd-main-loop} thread, also under the lock.
 */
@Component(service = MachineExecutor.class)
public final class BigLock implements MachineExecutor {
    private static final System.Logger LOG = System.getLogger(BigLock.class.getName());

    private final ReentrantLock lock = new ReentrantLock();
    private final LinkedBlockingQueue<Runnable> tasks = new LinkedBlockingQueue<>();
    private Thread mainLoop;
    private volatile boolean running;

    @Activate
    void activate() {
        running = true;
        mainLoop = new Thread(this::loop, "qmpd-main-loop");
        mainLoop.setDaemon(true);
        mainLoop.start();
    }

    @Deactivate
    void deactivate() throws InterruptedException {
        running = false;
        mainLoop.interrupt();
        mainLoop.join(2000);
    }

    private void loop() {
        while (running) {
            Runnable task;
            try {
                task = tasks.take();
            } catch (InterruptedException e) {
                continue; // running was cleared, or a spurious interrupt
            }
            lock.lock();
            try {
                task.run();
            } catch (RuntimeException | Error e) {
                LOG.log(System.Logger.Level.ERROR, "main-loop task failed", e);
            } finally {
                lock.unlock();
            }
        }
    }

    @Override
    public void execute(Runnable task) {
        tasks.add(task);
    }

    @Override
    public <T> T call(Callable<T> task) throws Exception {
        lock.lock();
        try {
            return task.call();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public boolean isHeldByCurrentThread() {
        return lock.isHeldByCurrentThread();
    }
}
