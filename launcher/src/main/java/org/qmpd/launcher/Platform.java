package org.qmpd.launcher;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Function;
import java.util.stream.Stream;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.Constants;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.launch.Framework;
import org.osgi.framework.wiring.FrameworkWiring;

/**
 * The embedded Apache Felix: a throw-away bundle cache per process (so two qmpd processes can
 * run from one distribution), every jar of {@code bundles/} installed in place, connected to the
 * class path ({@link ConnectedBundles}), and started, and Felix FileInstall watching
 * {@code deploy/}. Bundles that fail to resolve or start are reported in one line each and the
 * rest go on.
 *
 * <p>Start-up is ordered for speed on a small machine: the runtime and the core start first,
 * the subsystems on a second thread while the launcher carries out the core's options (the
 * main thread then takes the ones left instead of waiting), and FileInstall last.
 */
final class Platform {
    private final Path home;
    private final Path deploy;
    private Framework framework;
    private Path cache;
    private DeployWatch deployWatch;
    private final ConcurrentLinkedQueue<Bundle> subsystems = new ConcurrentLinkedQueue<>();
    private Bundle fileinstall;
    private Thread subsystemStarter;

    static final String CORE = "org.qmpd.core";
    static final String FILEINSTALL = "org.apache.felix.fileinstall";

    Platform(Path home, Path deploy) {
        this.home = home;
        this.deploy = deploy;
    }

    void start() throws BundleException, IOException {
        trace("platform start");
        // Not Files.createTempDirectory: its SecureRandom costs 25 ms of start-up.
        cache = Path.of(System.getProperty("java.io.tmpdir"), "qmpd-felix-" + ProcessHandle.current().pid() + "-" + System.nanoTime());
        Files.createDirectories(cache);
        Map<String, String> config = new HashMap<>();
        config.put(Constants.FRAMEWORK_STORAGE, cache.toString());
        config.put(Constants.FRAMEWORK_STORAGE_CLEAN, Constants.FRAMEWORK_STORAGE_CLEAN_ONFIRSTINIT);
        config.put("felix.log.level", "1");
        // The resolver on the calling thread: its worker pool only adds hand-offs for our dozen
        // bundles (the main thread waited ~10 ms for it on two busy cores).
        config.put("felix.resolver.parallelism", "1");
        String systemPackages = SystemPackages.compute();
        if (systemPackages != null) {
            config.put(Constants.FRAMEWORK_SYSTEMPACKAGES, systemPackages);
        }
        config.put("felix.fileinstall.dir", deploy.toString());
        config.put("felix.fileinstall.poll", "250");
        config.put("felix.fileinstall.noInitialDelay", "true");
        config.put("felix.fileinstall.filter", ".*\\.jar");
        config.put("felix.fileinstall.bundles.new.start", "true");
        config.put("felix.fileinstall.log.level", "1");
        config.put("felix.fileinstall.tmpdir", cache.resolve("fileinstall").toString());
        config.put("qmpd.home", home.toString());
        // The embedded Felix directly (a ServiceLoader lookup scans every jar of the class path),
        // with the distribution's bundles connected to the class path.
        ConnectedBundles connector = new ConnectedBundles();
        framework = new org.apache.felix.framework.FrameworkFactory().newFramework(config, connector);
        trace("framework created");
        framework.init();
        trace("framework initialized");
        BundleContext context = framework.getBundleContext();
        deployWatch = new DeployWatch(deploy);
        deployWatch.register(context);
        List<Bundle> installed = new ArrayList<>();
        try (Stream<Path> jars = Files.list(home.resolve("bundles"))) {
            for (Path jar : (Iterable<Path>) jars.filter(p -> p.toString().endsWith(".jar")).sorted()::iterator) {
                installed.add(context.installBundle(connector.location(jar)));
            }
        }
        trace("installed " + installed.size() + " bundles");
        framework.start();
        context.getBundle(0).adapt(FrameworkWiring.class).resolveBundles(installed);
        trace("framework started, bundles resolved");
        // First the runtime (SCR, its APIs, Jackson) and the core: enough for the core's launch
        // steps. The subsystems start on a second thread meanwhile; FileInstall once start-up is over.
        for (Bundle bundle : installed) {
            String name = String.valueOf(bundle.getSymbolicName());
            if (name.equals(FILEINSTALL)) {
                fileinstall = bundle;
            } else if (name.startsWith("org.qmpd.") && !name.equals(CORE)) {
                subsystems.add(bundle);
            } else {
                start(bundle);
            }
        }
        subsystemStarter = new Thread(this::startSubsystems, "qmpd-start-subsystems");
        subsystemStarter.start();
    }

    /** Starts subsystem bundles until none is left to start; both start-up threads run it. */
    private void startSubsystems() {
        for (Bundle bundle = subsystems.poll(); bundle != null; bundle = subsystems.poll()) {
            start(bundle);
        }
    }

    private void start(Bundle bundle) {
        if (bundle.getHeaders().get(Constants.FRAGMENT_HOST) != null) {
            return;
        }
        try {
            bundle.start();
            trace("started " + bundle.getSymbolicName());
        } catch (BundleException | IllegalStateException e) {
            System.err.println("qmpd: bundle " + bundle.getSymbolicName() + " did not start: " + firstLine(e));
        }
    }

    /**
     * Returns once every subsystem bundle has started (their launch steps need their commands),
     * starting the ones the second thread has not taken yet rather than waiting idle.
     */
    void awaitSubsystems() throws InterruptedException {
        startSubsystems();
        subsystemStarter.join();
    }

    /** Starts watching {@code deploy/}: once start-up is over, so it never delays the first client. */
    void startDeployWatching() {
        if (fileinstall != null) {
            start(fileinstall);
        }
    }

    private static final boolean TRACE = Boolean.getBoolean("qmpd.trace.startup");
    /** When the JVM started, in epoch milliseconds, when tracing (java.management is loaded only then). */
    private static final long JVM_START = TRACE ? java.lang.management.ManagementFactory.getRuntimeMXBean().getStartTime() : 0;

    /**
     * With {@code -Dqmpd.trace.startup=true}, prints when each start-up phase ended, in
     * milliseconds since the JVM started.
     */
    static void trace(String what) {
        if (TRACE) {
            System.err.printf("qmpd: +%d ms %s%n", System.currentTimeMillis() - JVM_START, what);
        }
    }

    private static String firstLine(Throwable e) {
        String message = String.valueOf(e.getMessage());
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }

    /** The core's in-process QMP endpoint (see the core's {@code LauncherEndpoint}). */
    @SuppressWarnings({"unchecked", "rawtypes"})
    Function<String, String> endpoint() throws Exception {
        BundleContext context = framework.getBundleContext();
        Collection<ServiceReference<Function>> refs = context.getServiceReferences(Function.class, "(qmpd.endpoint=launcher)");
        if (refs.isEmpty()) {
            throw new IllegalStateException("the core bundle is not running: no QMP endpoint");
        }
        return context.getService(refs.iterator().next());
    }

    /** Waits until the framework has stopped (after {@code quit}, or {@link #stop()}). */
    void waitForStop() throws InterruptedException {
        FrameworkEvent event;
        do {
            event = framework.waitForStop(0);
        } while (event.getType() == FrameworkEvent.WAIT_TIMEDOUT);
    }

    /** Whether the framework is up (false once it has stopped, e.g. after {@code quit}). */
    boolean isRunning() {
        return framework != null && (framework.getState() & (Bundle.ACTIVE | Bundle.STARTING)) != 0;
    }

    void stop() {
        if (framework == null) {
            return;
        }
        if (subsystemStarter != null) {
            try {
                // stopping bundles that are still starting makes SCR complain; let them finish
                subsystemStarter.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (deployWatch != null) {
            deployWatch.close();
        }
        try {
            framework.stop();
            framework.waitForStop(10_000);
        } catch (BundleException | InterruptedException e) {
            System.err.println("qmpd: stopping the framework: " + e);
        }
    }

    /** Removes the bundle cache. */
    void cleanUp() {
        if (cache == null) {
            return;
        }
        try (Stream<Path> files = Files.walk(cache)) {
            files.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
        } catch (IOException e) {
            // a temporary directory; the system cleans it eventually
        }
    }
}
