package org.qmpd.bench.platform;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * The platform benchmark of issue 2, qmpd against QEMU 7.2 (Debian's qemu-system-x86_64, and
 * qemu-storage-daemon for start-up) in the same run, printed as ratios:
 * <ul>
 * <li>sequential {@code query-status} round trips over a unix socket (target: 4x QEMU's rate);</li>
 * <li>20,000 pipelined commands (target: at least 100,000 commands/s);</li>
 * <li>one 16 MiB command parsed and answered (target: under 1 s);</li>
 * <li>exec to an answered {@code qmp_capabilities} (target: at most 0.5 s), and idle resident
 * memory (target: at most 96 MiB).</li>
 * </ul>
 * Usage: {@code java -cp bench.jar org.qmpd.bench.platform.PlatformBench QMPD_DIST [--quick]};
 * {@code --quick} sends QEMU a 1 MiB command instead of 16 MiB (QEMU needs about 48 s for 16 MiB).
 */
public final class PlatformBench {
    static final int SEQUENTIAL = 20_000;
    static final int PIPELINED = 20_000;
    static final int STARTS = 7;

    public static void main(String[] args) throws Exception {
        Path dist = Path.of(args.length > 0 ? args[0] : "launcher/target/qmpd").toAbsolutePath();
        boolean quick = Arrays.asList(args).contains("--quick");
        Path dir = Files.createTempDirectory("qmpd-bench");
        Path sock = dir.resolve("qmp.sock");
        String monitor = "unix:" + sock + ",server=on,wait=off";

        List<String> qmpd = QmpTarget.list(dist.resolve("bin/qmpd").toString(), "-qmp", monitor);
        List<String> qemu = QmpTarget.list("qemu-system-x86_64", "-M", "none", "-display", "none", "-nodefaults", "-qmp", monitor);
        List<String> qsd = QmpTarget.list("qemu-storage-daemon", "--chardev", "socket,id=m,path=" + sock + ",server=on,wait=off",
                "--monitor", "chardev=m");

        System.out.printf(Locale.ROOT, "%-44s %14s %14s %10s%n", "measure", "qmpd", "QEMU 7.2", "qmpd/QEMU");
        double[] startQmpd = startups("qmpd", qmpd, sock);
        double[] startQemu = startups("qemu", qemu, sock);
        double[] startQsd = startups("qsd", qsd, sock);
        row("start-up to qmp_capabilities, median (ms)", startQmpd[0], startQemu[0], "lower is better; target qmpd <= 500 ms");
        row("  (qemu-storage-daemon, median ms)", startQmpd[0], startQsd[0], "");
        row("  CPU used by then, median (ms)", startQmpd[1], startQemu[1], "all threads; steadier than wall time on a busy machine");

        try (QmpTarget a = new QmpTarget("qmpd", qmpd, sock)) {
            a.start();
            Thread.sleep(2000);
            long rssQmpd = a.rssKib();
            double seqQmpd = sequential(a);
            double pipeQmpd = pipelined(a);
            double bigQmpd = big(a, 16 << 20);
            a.close();
            try (QmpTarget q = new QmpTarget("qemu", qemu, sock)) {
                q.start();
                Thread.sleep(2000);
                long rssQemu = q.rssKib();
                double seqQemu = sequential(q);
                double pipeQemu = pipelined(q);
                double bigQemu = big(q, quick ? 1 << 20 : 16 << 20);
                row("idle resident memory (MiB)", rssQmpd / 1024.0, rssQemu / 1024.0, "target qmpd <= 96 MiB");
                row("sequential query-status (commands/s)", seqQmpd, seqQemu, "target ratio >= 4");
                row("20,000 pipelined commands (commands/s)", pipeQmpd, pipeQemu, "target qmpd >= 100,000/s");
                row(quick ? "16 MiB command (s) [QEMU: 1 MiB]" : "16 MiB command answered (s)", bigQmpd, bigQemu, "target qmpd < 1 s");
            }
        }
    }

    static void row(String what, double qmpd, double qemu, String note) {
        System.out.printf(Locale.ROOT, "%-44s %14.1f %14.1f %10.2f  %s%n", what, qmpd, qemu, qmpd / qemu, note);
    }

    /** The median wall time to an answered qmp_capabilities, and the median CPU time by then (ms). */
    static double[] startups(String name, List<String> command, Path sock) throws Exception {
        List<Double> ms = new ArrayList<>();
        List<Double> cpu = new ArrayList<>();
        for (int i = 0; i < STARTS; i++) {
            try (QmpTarget t = new QmpTarget(name, command, sock)) {
                ms.add(t.start() / 1e6);
                cpu.add(t.cpuMillis());
            }
        }
        Collections.sort(ms);
        Collections.sort(cpu);
        return new double[] {ms.get(ms.size() / 2), cpu.get(cpu.size() / 2)};
    }

    static double sequential(QmpTarget t) throws IOException {
        for (int i = 0; i < 2000; i++) { // warm-up
            t.send("{\"execute\":\"query-status\"}");
            t.readLine();
        }
        long t0 = System.nanoTime();
        for (int i = 0; i < SEQUENTIAL; i++) {
            t.send("{\"execute\":\"query-status\"}");
            t.readLine();
        }
        return SEQUENTIAL / ((System.nanoTime() - t0) / 1e9);
    }

    static double pipelined(QmpTarget t) throws Exception {
        StringBuilder all = new StringBuilder();
        for (int i = 0; i < PIPELINED; i++) {
            all.append("{\"execute\":\"query-status\",\"id\":").append(i).append('}');
        }
        String batch = all.toString();
        long t0 = System.nanoTime();
        Thread writer = new Thread(() -> {
            try {
                t.send(batch);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
        writer.start();
        for (int i = 0; i < PIPELINED; i++) {
            t.readLine();
        }
        double rate = PIPELINED / ((System.nanoTime() - t0) / 1e9);
        writer.join();
        return rate;
    }

    static double big(QmpTarget t, int size) throws Exception {
        StringBuilder id = new StringBuilder(size + 64).append("{\"execute\":\"query-status\",\"id\":\"");
        for (int i = 0; i < size; i++) {
            id.append('x');
        }
        String request = id.append("\"}").toString();
        long t0 = System.nanoTime();
        Thread writer = new Thread(() -> {
            try {
                t.send(request);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
        writer.start();
        int n = t.readLine();
        double s = (System.nanoTime() - t0) / 1e9;
        writer.join();
        if (n < size) {
            throw new IOException(t.name + " answered " + n + " bytes to a " + size + " byte command");
        }
        return s;
    }
}
