package org.qmpd.block.job;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.qmpd.block.graph.BlockBackend;
import org.qmpd.block.graph.BlockGraph;
import org.qmpd.block.graph.BlockIOException;
import org.qmpd.block.graph.BlockNode;
import org.qmpd.block.service.BlockLayer;
import org.qmpd.core.api.MachineExecutor;

/**
 * The block jobs of the machine, at most one per device (QEMU's {@code bs->job}). Starting a
 * job registers it and starts its thread; when its work is done the job is finished under
 * the machine lock, unregistered, and the {@link JobListener} told, in that order, so that a
 * client who sees the event and asks again finds the device free.
 *
 * <p>When the bundle stops (the process quits) every job is cancelled and waited for, and
 * finished without events, before the block layer closes the images: each image is left
 * consistent.
 */
@Component(service = BlockJobs.class)
public final class BlockJobs implements JobHost {
    private static final long SHUTDOWN_WAIT_MS = 10_000;

    @Reference
    private BlockLayer block;
    @Reference
    private MachineExecutor executor;
    @Reference
    private JobListener listener;

    private final Map<BlockBackend, BlockJob> jobs = new ConcurrentHashMap<>();
    private volatile BlockGraph graph;
    private volatile boolean closing;

    public BlockJobs() {
    }

    /** For tests: a registry outside the framework. */
    public BlockJobs(BlockGraph graph, MachineExecutor executor, JobListener listener) {
        this.graph = graph;
        this.executor = executor;
        this.listener = listener;
    }

    private final Consumer<BlockBackend> onDelete = this::backendDeleted;

    @Activate
    void activate() {
        graph = block.graph();
        block.addDeleteListener(onDelete);
    }

    /**
     * The device is going away with its images (a {@code -drive} whose device was unplugged):
     * its job is cancelled and waited for first, as 2.4's {@code blockdev_mark_auto_del} and
     * {@code block_job_cancel_sync} do; the event follows at once.
     */
    private void backendDeleted(BlockBackend backend) {
        BlockJob job = jobs.get(backend);
        if (job == null) {
            return;
        }
        job.cancel();
        try {
            job.join(SHUTDOWN_WAIT_MS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        conclude(job, 0);
    }

    /** The job on {@code backend}, or null. */
    public BlockJob job(BlockBackend backend) {
        return backend == null ? null : jobs.get(backend);
    }

    /** Every job, in the order of their devices ({@code query-block-jobs}). */
    public List<BlockJob> jobs() {
        List<BlockJob> list = new ArrayList<>();
        for (BlockBackend b : graph.backends()) {
            BlockJob j = jobs.get(b);
            if (j != null) {
                list.add(j);
            }
        }
        return list;
    }

    /**
     * Why {@code node} cannot start another job, or null: it is the device of a running job
     * (the text of 2.4's job blocker, {@code block device is in use by block job: backup}).
     */
    public String busyReason(BlockNode node) {
        for (BlockJob j : jobs.values()) {
            if (j.backend().root() == node) {
                return "block device is in use by block job: " + j.type();
            }
        }
        return null;
    }

    /** Registers {@code job} on its device and starts it; the caller checked the device is free. */
    public void start(BlockJob job) {
        if (jobs.putIfAbsent(job.backend(), job) != null) {
            throw new IllegalStateException("device " + job.device() + " already has a job");
        }
        job.start(this);
    }

    @Override
    public void ended(BlockJob job, int errno) {
        if (closing) {
            job.finishOnce(errno);
            jobs.remove(job.backend(), job);
            return;
        }
        executor.execute(() -> conclude(job, errno));
    }

    private void conclude(BlockJob job, int errno) {
        if (job.isFinished()) {
            return;
        }
        int result = job.finishOnce(errno);
        jobs.remove(job.backend(), job);
        if (job.isCancelled()) {
            listener.cancelled(job);
        } else {
            listener.completed(job, result == 0 ? null : BlockIOException.strerror(result));
        }
    }

    @Override
    public void error(BlockJob job, boolean read, ErrorAction action) {
        if (!closing) {
            listener.error(job, read, action);
        }
    }

    @Override
    public void ready(BlockJob job) {
        if (!closing) {
            listener.ready(job);
        }
    }

    @Deactivate
    void deactivate() {
        closing = true;
        if (block != null) {
            block.removeDeleteListener(onDelete);
        }
        List<BlockJob> all = new ArrayList<>(jobs.values());
        for (BlockJob j : all) {
            j.cancel();
        }
        for (BlockJob j : all) {
            try {
                j.join(SHUTDOWN_WAIT_MS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            j.finishOnce(0);
            jobs.remove(j.backend(), j);
        }
    }
}
