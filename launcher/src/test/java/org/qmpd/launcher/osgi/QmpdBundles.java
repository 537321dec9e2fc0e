package org.qmpd.launcher.osgi;

import static org.ops4j.pax.exam.CoreOptions.bundle;
import static org.ops4j.pax.exam.CoreOptions.composite;
import static org.ops4j.pax.exam.CoreOptions.junitBundles;
import static org.ops4j.pax.exam.CoreOptions.systemProperty;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.ops4j.pax.exam.Option;
import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;

/**
 * What the in-framework tests boot: the bundles of the built distribution (from
 * {@code target/qmpd/bundles}, so the tests run exactly what ships), and a way to talk QMP to
 * the core through its in-process endpoint.
 */
final class QmpdBundles {
    private QmpdBundles() {
    }

    static Path dist() {
        return Path.of(System.getProperty("qmpd.dist", "target/qmpd")).toAbsolutePath();
    }

    static Path testBundle(String name) {
        return Path.of(System.getProperty("qmpd.testBundles", "target/test-bundles")).toAbsolutePath().resolve(name);
    }

    static Option shipped() {
        try (Stream<Path> jars = Files.list(dist().resolve("bundles"))) {
            List<Option> options = jars.filter(p -> p.toString().endsWith(".jar")).sorted()
                    .map(p -> bundle(p.toUri().toString()).start()).collect(Collectors.toList());
            options.add(junitBundles());
            options.add(systemProperty("org.ops4j.pax.logging.DefaultServiceLog.level").value("WARN"));
            return composite(options.toArray(new Option[0]));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Runs one QMP request (JSON text) in the core's in-process session; returns the response text. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    static String qmp(BundleContext context, String request) throws InvalidSyntaxException {
        ServiceReference<Function> ref = context.getServiceReferences(Function.class, "(qmpd.endpoint=launcher)").iterator().next();
        Function<String, String> endpoint = context.getService(ref);
        try {
            return endpoint.apply(request);
        } finally {
            context.ungetService(ref);
        }
    }
}
