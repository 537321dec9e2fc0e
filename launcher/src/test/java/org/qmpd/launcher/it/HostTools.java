package org.qmpd.launcher.it;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The real tools the end-to-end tests check qmpd against ({@code qemu-img}, {@code qemu-io},
 * {@code nbdcopy}, ...), and shorthands every area's tests share.
 */
public final class HostTools {
    /** A finished tool: its exit status and its merged output. */
    public record Result(int exit, String output) {
    }

    private HostTools() {
    }

    public static boolean present(String tool) {
        return Files.isExecutable(Path.of("/usr/bin", tool));
    }

    public static Result exec(String... cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        return new Result(p.waitFor(), out);
    }

    /** Runs a tool that must succeed; returns its output. */
    public static String run(String... cmd) throws IOException, InterruptedException {
        Result r = exec(cmd);
        if (r.exit() != 0) {
            throw new AssertionError(String.join(" ", cmd) + " exited " + r.exit() + ": " + r.output());
        }
        return r.output();
    }

    /** {@code qemu-io} with several {@code -c} commands on {@code target} (an image or an NBD URI). */
    public static String qemuIo(String format, String target, String... commands) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("qemu-io", "-f", format));
        for (String c : commands) {
            cmd.add("-c");
            cmd.add(c);
        }
        cmd.add(target);
        return run(cmd.toArray(new String[0]));
    }

    /** An HMP command line through QMP; returns its output. */
    public static String hmp(QmpClient c, String line) throws IOException {
        return c.ok("human-monitor-command", Map.of("command-line", line)).asText();
    }

    /**
     * Checks that start-up carried out the block options: {@code query-block} shows
     * {@code backends} devices, {@code attached} of them with a guest device (io-status). Clients'
     * commands wait for the end of start-up, so this holds at once unless an option was lost;
     * it polls briefly all the same, so a slow machine never fails it by timing.
     */
    public static void awaitBlock(QmpClient c, int backends, int attached) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (true) {
            JsonNode blocks = c.ok("query-block");
            int withDevice = 0;
            for (JsonNode b : blocks) {
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
}
