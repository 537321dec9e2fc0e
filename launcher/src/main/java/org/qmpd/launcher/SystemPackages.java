package org.qmpd.launcher;

import java.lang.module.ModuleDescriptor;
import java.util.Locale;
import java.util.Properties;

/**
 * The packages the system bundle exports ({@code org.osgi.framework.system.packages}), computed
 * the way Felix 7 computes them when the property is unset: the framework's own OSGi API
 * ({@code osgi-exports} of its {@code default.properties}) and every package the modules of the
 * boot layer export unqualified, at Felix's version for the running Java
 * ({@code 0.0.0.JavaSE_025} on Java 25).
 *
 * <p>Felix builds the same list by concatenating strings per module and then expanding
 * {@code ${...}} variables over the result, quadratic work that took 20-30 ms of start-up on two
 * cores; here it is one pass. {@code SystemPackagesTest} checks both lists agree.
 */
final class SystemPackages {
    private SystemPackages() {
    }

    /** The property's value, or null when this Felix has no {@code osgi-exports} (let Felix compute it). */
    static String compute() {
        String osgiExports;
        try {
            Properties felixDefaults = org.apache.felix.framework.util.Util.loadDefaultProperties(null);
            osgiExports = felixDefaults.getProperty("osgi-exports");
        } catch (RuntimeException e) {
            osgiExports = null; // its default.properties missing: Felix would log and compute
        }
        if (osgiExports == null) {
            return null;
        }
        String version = String.format(Locale.ROOT, "0.0.0.JavaSE_%03d", Runtime.version().feature());
        StringBuilder packages = new StringBuilder(32 * 1024).append(osgiExports.trim());
        for (Module module : ModuleLayer.boot().modules()) {
            ModuleDescriptor descriptor = module.getDescriptor();
            if (descriptor.isAutomatic()) {
                for (String p : descriptor.packages()) {
                    append(packages, p, version);
                }
            } else {
                for (ModuleDescriptor.Exports export : descriptor.exports()) {
                    if (!export.isQualified()) {
                        append(packages, export.source(), version);
                    }
                }
            }
        }
        return packages.toString();
    }

    private static void append(StringBuilder packages, String name, String version) {
        packages.append(',').append(name).append(";version=\"").append(version).append('"');
    }
}
