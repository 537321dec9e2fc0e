package org.qmpd.launcher.it.blockjobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.qmpd.launcher.it.HostTools.exec;
import static org.qmpd.launcher.it.HostTools.hmp;
import static org.qmpd.launcher.it.HostTools.run;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

import com.fasterxml.jackson.databind.JsonNode;

import org.qmpd.launcher.it.HostTools.Result;
import org.qmpd.launcher.it.QmpClient;

/** Images for the block job tests, checks of them with qemu-img, and QMP shorthands. */
final class JobTools {
    static final Duration WAIT = Duration.ofSeconds(60);

    private JobTools() {
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

    static String error(QmpClient c, String command, Map<String, Object> args) throws IOException {
        return c.error(command, args).get("desc").asText();
    }
}
