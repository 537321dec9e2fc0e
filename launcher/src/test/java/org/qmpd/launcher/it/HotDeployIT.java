package org.qmpd.launcher.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Third-party bundles dropped into {@code deploy/} while qmpd runs: their commands appear within
 * two seconds and disappear within two seconds of removal, with Declarative Services and with a
 * plain BundleActivator; a bundle that cannot resolve gets one clear line and disturbs nothing,
 * and the core is never restarted (a session stays negotiated throughout).
 */
class HotDeployIT {
    static QmpdProcess qmpd;
    static Path deploy;

    @BeforeAll
    static void start() throws Exception {
        deploy = QmpdProcess.tempDir("qmpd-deploy");
        qmpd = QmpdProcess.start(List.of("QMPD_JAVA_OPTS=-Dqmpd.deploy=" + deploy), "-qmp", "tcp:127.0.0.1:0,server=on,wait=off");
    }

    @AfterAll
    static void stop() throws Exception {
        assertEquals(0, qmpd.terminate());
    }

    /** Copies under a temporary name, then renames: FileInstall must never see half a jar. */
    static Path drop(Path jar, String name) throws IOException {
        Path tmp = deploy.resolve("." + name + ".part");
        Files.copy(jar, tmp, StandardCopyOption.REPLACE_EXISTING);
        return Files.move(tmp, deploy.resolve(name), StandardCopyOption.ATOMIC_MOVE);
    }

    static long waitFor(QmpClient c, String command, boolean present) throws Exception {
        long t0 = System.nanoTime();
        while (System.nanoTime() - t0 < 5_000_000_000L) {
            if (c.ok("query-commands").findValuesAsText("name").contains(command) == present) {
                return (System.nanoTime() - t0) / 1_000_000;
            }
            Thread.sleep(20);
        }
        throw new AssertionError(command + (present ? " did not appear" : " did not disappear"));
    }

    @Test
    void declarativeServicesBundleAddsAndRemovesItsCommand() throws Exception {
        try (QmpClient c = qmpd.client()) {
            Path jar = drop(QmpdProcess.testBundles().resolve("hello.jar"), "hello.jar");
            assertTrue(waitFor(c, "__org.example_hello", true) < 2000);
            JsonNode r = c.ok("__org.example_hello", Map.of("name", "operator"));
            assertEquals("Hello, operator!", r.get("greeting").asText());
            assertEquals("operator", c.event("__ORG.EXAMPLE_HELLO").get("data").get("greeting").asText());
            assertEquals("Invalid parameter type for 'name', expected: string",
                    c.error("__org.example_hello", Map.of("name", 5)).get("desc").asText());
            Files.delete(jar);
            assertTrue(waitFor(c, "__org.example_hello", false) < 2000);
            assertEquals("CommandNotFound", c.error("__org.example_hello", null).get("class").asText());
            assertEquals("running", c.ok("query-status").get("status").asText(), "the same session, still negotiated");
        }
    }

    @Test
    void plainActivatorBundleWorksAsWellAsDs() throws Exception {
        try (QmpClient c = qmpd.client()) {
            Path jar = drop(QmpdProcess.testBundles().resolve("hello-activator.jar"), "echo.jar");
            assertTrue(waitFor(c, "__org.example_echo", true) < 2000);
            assertEquals("[1,{\"a\":null}]", c.ok("__org.example_echo", Map.of("value", List.of(1, java.util.Collections.singletonMap("a", null)))).toString());
            assertEquals("Parameter 'value' is missing", c.error("__org.example_echo", Map.of()).get("desc").asText());
            Files.delete(jar);
            assertTrue(waitFor(c, "__org.example_echo", false) < 2000);
        }
    }

    @Test
    void unresolvableBundleGetsOneClearLineAndDisturbsNothing() throws Exception {
        Path broken = QmpdProcess.tempDir("qmpd-broken").resolve("broken.jar");
        Manifest m = new Manifest();
        m.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        m.getMainAttributes().putValue("Bundle-ManifestVersion", "2");
        m.getMainAttributes().putValue("Bundle-SymbolicName", "org.example.broken");
        m.getMainAttributes().putValue("Bundle-Version", "1.0.0");
        m.getMainAttributes().putValue("Import-Package", "com.example.missing");
        try (OutputStream out = Files.newOutputStream(broken); JarOutputStream jar = new JarOutputStream(out, m)) {
            jar.flush();
        }
        try (QmpClient c = qmpd.client()) {
            Path dropped = drop(broken, "broken.jar");
            String expected = "qmpd: deploy/broken.jar: cannot start org.example.broken: missing requirement "
                    + "osgi.wiring.package; (osgi.wiring.package=com.example.missing)";
            long deadline = System.nanoTime() + 5_000_000_000L;
            while (!qmpd.stderr().contains(expected) && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertEquals(1, qmpd.stderr().stream().filter(l -> l.contains("org.example.broken")).count(), qmpd.stderr().toString());
            assertTrue(qmpd.stderr().contains(expected), qmpd.stderr().toString());
            assertEquals("running", c.ok("query-status").get("status").asText());
            Files.delete(dropped);
            assertFalse(c.ok("query-commands").findValuesAsText("name").isEmpty());
        }
    }
}
