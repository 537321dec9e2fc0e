package org.qmpd.launcher.it.block;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.qmpd.launcher.it.QmpClient;

/** Runs the real QEMU tools the block tests compare against ({@code qemu-img}, {@code qemu-io}, {@code nbdcopy}). */
final class Tools {
    record Result(int exit, String output) {
    }

    private Tools() {
    }

    static boolean present(String tool) {
        return Files.isExecutable(Path.of("/usr/bin", tool));
    }

    static Result exec(String... cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        return new Result(p.waitFor(), out);
    }

    /** Runs a tool that must succeed; returns its output. */
    static String run(String... cmd) throws IOException, InterruptedException {
        Result r = exec(cmd);
        if (r.exit() != 0) {
            throw new AssertionError(String.join(" ", cmd) + " exited " + r.exit() + ": " + r.output());
        }
        return r.output();
    }

    /** {@code qemu-io} with several {@code -c} commands on {@code target} (an image or an NBD URI). */
    static String qemuIo(String format, String target, String... commands) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("qemu-io", "-f", format));
        for (String c : commands) {
            cmd.add("-c");
            cmd.add(c);
        }
        cmd.add(target);
        return run(cmd.toArray(new String[0]));
    }

    static String nbdUri(Path socket, String export) {
        return "nbd+unix:///" + export + "?socket=" + socket;
    }

    /** An HMP command line through QMP; returns its output. */
    static String hmp(QmpClient c, String line) throws IOException {
        return c.ok("human-monitor-command", Map.of("command-line", line)).asText();
    }

    /**
     * Waits until start-up has carried out the block options: the monitor listens before the
     * {@code -drive}, {@code -blockdev} and {@code -device} steps run, so a test polls
     * {@code query-block} until it shows {@code backends} devices, {@code attached} of them with
     * a guest device (io-status).
     */
    static void awaitBlock(QmpClient c, int backends, int attached) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (true) {
            com.fasterxml.jackson.databind.JsonNode blocks = c.ok("query-block");
            int withDevice = 0;
            for (com.fasterxml.jackson.databind.JsonNode b : blocks) {
                if (b.has("io-status")) {
                    withDevice++;
                }
            }
            if (blocks.size() == backends && withDevice == attached) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("start-up did not finish: " + blocks);
            }
            Thread.sleep(20);
        }
    }

    static Map<String, Object> unixAddr(Path socket) {
        return Map.of("type", "unix", "data", Map.of("path", socket.toString()));
    }

    static List<String> list(String... s) {
        return Arrays.asList(s);
    }
}
