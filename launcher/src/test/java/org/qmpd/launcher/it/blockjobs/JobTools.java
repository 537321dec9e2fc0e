package org.qmpd.launcher.it.blockjobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import com.fasterxml.jackson.databind.JsonNode;

import org.qmpd.launcher.it.QmpClient;

/** The real QEMU tools the block job tests check images with, and QMP shorthands. */
final class JobTools {
    static final Duration WAIT = Duration.ofSeconds(60);

    record Result(int exit, String output) {
    }

    private JobTools() {
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

    static void create(Path image, String size) throws IOException, InterruptedException {
        run("qemu-img", "create", "-q", "-f", "qcow2", image.toString(), size);
    }

    /** A qcow2 overlay of {@code backing}. */
    static void overlay(Path image, Path backing) throws IOException, InterruptedException {
        run("qemu-img", "create", "-q", "-f", "qcow2", "-b", backing.toString(), "-F", "qcow2", image.toString());
    }

    /** A qcow2 image of {@code mib} MiB of random data. */
    static void random(Path image, int mib, long seed) throws IOException, InterruptedException {
        Path raw = image.resolveSibling(image.getFileName() + ".tmp.raw");
        byte[] data = new byte[mib << 20];
        new Random(seed).nextBytes(data);
        Files.write(raw, data);
        run("qemu-img", "convert", "-f", "raw", "-O", "qcow2", raw.toString(), image.toString());
        Files.delete(raw);
    }

    /** Asserts {@code qemu-img compare} finds the two images (with their backing chains) identical. */
    static void assertIdentical(Path a, Path b) throws IOException, InterruptedException {
        Result r = exec("qemu-img", "compare", "-U", a.toString(), b.toString());
        assertEquals(0, r.exit(), a + " vs " + b + ": " + r.output());
        assertTrue(r.output().contains("Images are identical"), r.output());
    }

    /** Asserts {@code qemu-img check} finds no error and no leak. */
    static void assertClean(Path image) throws IOException, InterruptedException {
        Result r = exec("qemu-img", "check", image.toString());
        assertEquals(0, r.exit(), image + ": " + r.output());
        assertTrue(r.output().contains("No errors were found"), r.output());
    }

    static String hmp(QmpClient c, String line) throws IOException {
        return c.ok("human-monitor-command", Map.of("command-line", line)).asText();
    }

    /** HMP {@code qemu-io} writes: each {pattern, offset, length}. */
    static void writes(QmpClient c, String device, String[]... patterns) throws IOException {
        for (String[] p : patterns) {
            String out = hmp(c, "qemu-io " + device + " \"write -P " + p[0] + " " + p[1] + " " + p[2] + "\"");
            assertTrue(out.startsWith("wrote "), out);
        }
    }

    static Map<String, Object> args(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    /** The next event named {@code name} for {@code device}. */
    static JsonNode event(QmpClient c, String name, String device) throws Exception {
        return c.event(name, e -> device.equals(e.path("data").path("device").asText()), WAIT);
    }

    /**
     * Waits until start-up has carried out the block options (the monitor listens before the
     * {@code -drive} and {@code -device} steps run): {@code query-block} shows {@code backends}
     * devices, {@code attached} of them with a guest device.
     */
    static void awaitBlock(QmpClient c, int backends, int attached) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
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

    static String error(QmpClient c, String command, Map<String, Object> args) throws IOException {
        return c.error(command, args).get("desc").asText();
    }
}
