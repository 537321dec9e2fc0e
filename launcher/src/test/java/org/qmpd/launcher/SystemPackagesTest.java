package org.qmpd.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

import org.apache.felix.framework.FrameworkFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.Constants;
import org.osgi.framework.launch.Framework;
import org.osgi.framework.namespace.PackageNamespace;
import org.osgi.framework.wiring.BundleCapability;
import org.osgi.framework.wiring.BundleRevision;

/** The launcher's system-packages list is the one Felix computes itself, package for package. */
class SystemPackagesTest {
    @TempDir
    Path dir;

    @Test
    void sameExportsAsFelixComputes() throws Exception {
        String ours = SystemPackages.compute();
        assertNotNull(ours, "Felix 7's default.properties has osgi-exports");
        Map<String, String> felix = exports(null, dir.resolve("felix"));
        Map<String, String> launcher = exports(ours, dir.resolve("launcher"));
        assertTrue(felix.containsKey("java.lang") && felix.containsKey("org.osgi.framework") && felix.containsKey("javax.xml.parsers"),
                "Felix's own list looks like a system bundle's: " + felix.keySet());
        assertEquals(felix, launcher);
    }

    /** Package name to "version; uses" of every package the system bundle exports. */
    private static Map<String, String> exports(String systemPackages, Path storage) throws Exception {
        Map<String, String> config = new HashMap<>();
        config.put(Constants.FRAMEWORK_STORAGE, storage.toString());
        config.put(Constants.FRAMEWORK_STORAGE_CLEAN, Constants.FRAMEWORK_STORAGE_CLEAN_ONFIRSTINIT);
        config.put("felix.log.level", "1");
        if (systemPackages != null) {
            config.put(Constants.FRAMEWORK_SYSTEMPACKAGES, systemPackages);
        }
        Framework framework = new FrameworkFactory().newFramework(config);
        framework.init();
        try {
            Map<String, String> exports = new TreeMap<>();
            for (BundleCapability c : framework.adapt(BundleRevision.class).getDeclaredCapabilities(PackageNamespace.PACKAGE_NAMESPACE)) {
                String previous = exports.put((String) c.getAttributes().get(PackageNamespace.PACKAGE_NAMESPACE),
                        c.getAttributes().get(PackageNamespace.CAPABILITY_VERSION_ATTRIBUTE) + "; uses:=" + c.getDirectives().get("uses"));
                assertEquals(null, previous, "exported once: " + c);
            }
            return exports;
        } finally {
            framework.stop();
            framework.waitForStop(10_000);
        }
    }
}
