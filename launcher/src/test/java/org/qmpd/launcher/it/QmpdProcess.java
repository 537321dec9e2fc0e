package org.qmpd.launcher.it;

import java.io.BufferedReader;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A real {@code bin/qmpd} process from the built distribution ({@code launcher/target/qmpd},
 * system property {@code qmpd.dist}), started with QEMU options. Its stdout and stderr are
 * collected; {@link #address()} is the first "QMP listening on" address it printed. Tests
 * pass {@code -qmp tcp:127.0.0.1:0,server=on,wait=off} to get a free port.
 */
public final class QmpdProcess implements Closeable {
    private static final Pattern LISTENING = Pattern.compile("qmpd: QMP listening on (\\S+)");

    private final Process process;
    private final List<String> stdout = Collections.synchronizedList(new ArrayList<>());
    private final List<String> stderr = Collections.synchronizedList(new ArrayList<>());
    private final List<String> addresses = Collections.synchronizedList(new ArrayList<>());

    private QmpdProcess(Process process) {
        this.process = process;
        pump(new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8)), stdout, true);
        pump(new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8)), stderr, false);
    }

    public static Path dist() {
        return Path.of(System.getProperty("qmpd.dist", "target/qmpd")).toAbsolutePath();
    }

    /** The folder of the example bundles the tests deploy. */
    public static Path testBundles() {
        return Path.of(System.getProperty("qmpd.testBundles", "target/test-bundles")).toAbsolutePath();
    }

    /** Starts {@code bin/qmpd args...} with extra environment entries ({@code KEY=VALUE}). */
    public static QmpdProcess start(List<String> env, String... args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(dist().resolve("bin/qmpd").toString());
        command.addAll(Arrays.asList(args));
        ProcessBuilder pb = new ProcessBuilder(command);
        for (String kv : env) {
            int eq = kv.indexOf('=');
            pb.environment().put(kv.substring(0, eq), kv.substring(eq + 1));
        }
        return new QmpdProcess(pb.start());
    }

    public static QmpdProcess start(String... args) throws IOException {
        return start(List.of(), args);
    }

    /** Starts qmpd with a QMP monitor on a free loopback port, plus {@code args}. */
    public static QmpdProcess startTcp(String... args) throws IOException {
        List<String> all = new ArrayList<>(List.of("-qmp", "tcp:127.0.0.1:0,server=on,wait=off"));
        all.addAll(Arrays.asList(args));
        return start(all.toArray(new String[0]));
    }

    private void pump(BufferedReader reader, List<String> sink, boolean watchAddresses) {
        Thread t = new Thread(() -> {
            try {
                for (String line; (line = reader.readLine()) != null;) {
                    sink.add(line);
                    if (watchAddresses) {
                        Matcher m = LISTENING.matcher(line);
                        if (m.find()) {
                            synchronized (addresses) {
                                addresses.add(m.group(1));
                                addresses.notifyAll();
                            }
                        }
                    }
                }
            } catch (IOException e) {
                // the process ended
            }
        }, "qmpd-output");
        t.setDaemon(true);
        t.start();
    }

    /** The {@code n}th address qmpd printed as listening, waiting for it. */
    public String address(int n) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        synchronized (addresses) {
            while (addresses.size() <= n) {
                long left = deadline - System.nanoTime();
                if (left <= 0 || !process.isAlive() && addresses.size() <= n) {
                    if (!process.isAlive()) {
                        Thread.sleep(100);
                    }
                    throw new IOException("qmpd printed no address #" + n + "; stdout " + stdout + " stderr " + stderr);
                }
                addresses.wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(Math.min(left, 200_000_000L))));
            }
            return addresses.get(n);
        }
    }

    public String address() throws IOException, InterruptedException {
        return address(0);
    }

    /** A negotiated client on the first address. */
    public QmpClient client() throws IOException, InterruptedException {
        return QmpClient.negotiated(address());
    }

    public Process process() {
        return process;
    }

    public long pid() {
        return process.pid();
    }

    public List<String> stdout() {
        return stdout;
    }

    public List<String> stderr() {
        return stderr;
    }

    /** Waits for the process to exit and returns its status. */
    public int waitFor(long seconds) throws InterruptedException {
        if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
            throw new AssertionError("qmpd did not exit within " + seconds + " s; stderr " + stderr);
        }
        Thread.sleep(50); // let the output pumps finish
        return process.exitValue();
    }

    /** Sends SIGTERM (through the process handle, which keeps stdout open) and returns the exit status. */
    public int terminate() throws InterruptedException {
        process.toHandle().destroy();
        return waitFor(20);
    }

    /** Sends SIGKILL. */
    public void kill() throws InterruptedException {
        process.toHandle().destroyForcibly();
        process.waitFor(20, TimeUnit.SECONDS);
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.toHandle().destroyForcibly();
            try {
                process.waitFor(20, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** A fresh temporary directory for a test's files (images, sockets). */
    public static Path tempDir(String prefix) throws IOException {
        return Files.createTempDirectory(prefix);
    }
}
