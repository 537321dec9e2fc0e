package org.qmpd.block.job;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.qmpd.block.graph.BlockBackend;
import org.qmpd.block.graph.BlockGraph;
import org.qmpd.block.graph.BlockNode;
import org.qmpd.block.graph.NodeOptions;
import org.qmpd.block.open.NodeOpener;
import org.qmpd.block.open.Opts;
import org.qmpd.core.api.MachineExecutor;

/**
 * A machine for job tests without the framework: a graph, a single "main loop" thread
 * standing for the machine lock, the job registry, and the events the jobs raise, queued.
 */
final class JobRig implements MachineExecutor, JobListener, AutoCloseable {
    /** One event: {@code COMPLETED}, {@code CANCELLED}, {@code READY} or {@code ERROR}. */
    record Event(String kind, BlockJob job, long len, long offset, String detail) {
    }

    final BlockGraph graph = new BlockGraph();
    final BlockJobs jobs = new BlockJobs(graph, this, this);
    final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
    private final ExecutorService loop = Executors.newSingleThreadExecutor(r -> new Thread(r, "rig-main-loop"));
    private final ThreadLocal<Boolean> onLoop = ThreadLocal.withInitial(() -> false);

    /** Opens {@code image} ({@code format}) as device {@code name}. */
    BlockBackend drive(String name, Path image, String format) throws Exception {
        Map<String, Object> file = new LinkedHashMap<>();
        file.put("driver", "file");
        file.put("filename", image.toString());
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("driver", format);
        o.put("file", file);
        BlockNode root = new NodeOpener(graph, n -> { }).open(new Opts(o, true), NodeOptions.DEFAULT);
        BlockBackend b = new BlockBackend(name, root);
        b.attach("dev-" + name);
        graph.addBackend(b);
        return b;
    }

    /** Runs {@code task} on the main loop, as a command runs under the machine lock. */
    <T> T onMainLoop(Callable<T> task) throws Exception {
        return loop.submit(() -> {
            onLoop.set(true);
            try {
                return task.call();
            } finally {
                onLoop.set(false);
            }
        }).get(30, TimeUnit.SECONDS);
    }

    /** The next event, waiting up to {@code timeout}; fails if none comes. */
    Event next(Duration timeout) throws InterruptedException {
        Event e = events.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (e == null) {
            throw new AssertionError("no job event within " + timeout);
        }
        return e;
    }

    Event next() throws InterruptedException {
        return next(Duration.ofSeconds(30));
    }

    static void write(BlockBackend b, long offset, byte[] data) throws IOException {
        b.write(offset, ByteBuffer.wrap(data));
    }

    static byte[] pattern(int length, int seed) {
        byte[] d = new byte[length];
        new java.util.Random(seed).nextBytes(d);
        return d;
    }

    static String run(String... cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        int rc = p.waitFor();
        if (rc != 0) {
            throw new AssertionError(String.join(" ", cmd) + " exited " + rc + ": " + out);
        }
        return out;
    }

    static int exit(String... cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        return p.waitFor();
    }

    @Override
    public void execute(Runnable task) {
        loop.execute(() -> {
            onLoop.set(true);
            try {
                task.run();
            } finally {
                onLoop.set(false);
            }
        });
    }

    @Override
    public <T> T call(Callable<T> task) throws Exception {
        return onMainLoop(task);
    }

    @Override
    public boolean isHeldByCurrentThread() {
        return onLoop.get();
    }

    @Override
    public void completed(BlockJob job, String error) {
        events.add(new Event("COMPLETED", job, job.len(), job.offset(), error));
    }

    @Override
    public void cancelled(BlockJob job) {
        events.add(new Event("CANCELLED", job, job.len(), job.offset(), null));
    }

    @Override
    public void ready(BlockJob job) {
        events.add(new Event("READY", job, job.len(), job.offset(), null));
    }

    @Override
    public void error(BlockJob job, boolean read, ErrorAction action) {
        events.add(new Event("ERROR", job, job.len(), job.offset(), (read ? "read " : "write ") + action));
    }

    @Override
    public void close() throws Exception {
        jobs.deactivate();
        loop.shutdown();
        loop.awaitTermination(10, TimeUnit.SECONDS);
        for (BlockNode n : graph.nodes()) {
            n.close();
        }
    }
}
