package org.qmpd.launcher;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * {@code bin/qmpd}: parses QEMU's command line, boots the embedded framework, carries the
 * options out through the core's in-process endpoint and serves until {@code quit} or a
 * signal. A failing option stops start-up with {@code qmpd: -option value: <QEMU's error>} and
 * exit status 1. SIGTERM and SIGINT shut down cleanly (SHUTDOWN is sent, sockets closed, unix
 * socket files removed) with exit status 0.
 */
public final class Main {
    private final Path home;
    private Platform platform;
    private Path pidfile;
    private volatile boolean stopping;

    private Main(Path home) {
        this.home = home;
    }

    public static void main(String[] args) {
        Path home = Path.of(System.getProperty("qmpd.home", ".")).toAbsolutePath().normalize();
        int status = new Main(home).run(args);
        System.exit(status);
    }

    int run(String[] args) {
        Platform.trace("main");
        List<CommandLine.Option> options;
        StartupPlan plan;
        try {
            options = CommandLine.parse(args);
            for (CommandLine.Option o : options) {
                if (o.name().equals("h") || o.name().equals("help")) {
                    System.out.print(CommandLine.USAGE);
                    return 0;
                }
                if (o.name().equals("version")) {
                    System.out.println("QEMU emulator version 2.4.0 (qmpd " + version() + "), Copyright (c) 2003-2008 Fabrice Bellard");
                    return 0;
                }
            }
            plan = StartupPlan.of(options);
        } catch (CommandLine.UsageException e) {
            return fail(e.getMessage());
        }
        Runtime.getRuntime().addShutdownHook(new Thread(this::shutdownHook, "qmpd-signal"));
        Warmup.start();
        try {
            if (plan.pidfile != null) {
                // Early, as QEMU's main writes it: a client that sees the monitor finds the pid file.
                pidfile = Path.of(plan.pidfile).toAbsolutePath();
                Files.writeString(pidfile, ProcessHandle.current().pid() + "\n", StandardCharsets.US_ASCII);
            }
            platform = new Platform(home, Path.of(System.getProperty("qmpd.deploy", home.resolve("deploy").toString())));
            platform.start();
            Function<String, String> endpoint = platform.endpoint();
            Platform.trace("endpoint found");
            String firstMonitor = null;
            boolean subsystemsStarted = false;
            for (StartupPlan.Step step : plan.steps) {
                if (!subsystemsStarted && !step.ownedByCore()) {
                    platform.awaitSubsystems();
                    subsystemsStarted = true;
                    Platform.trace("subsystems started");
                }
                Object[] result = new Object[1];
                String failure = carryOut(endpoint, step, result);
                Platform.trace(step.command());
                if (failure != null) {
                    return fail(step.label() + ": " + failure);
                }
                if (firstMonitor == null && result[0] != null) {
                    firstMonitor = (String) result[0];
                }
            }
            platform.startDeployWatching();
            if (CdsTraining.enabled()) {
                CdsTraining.run(firstMonitor);
            }
            Daemon.reportReady();
            platform.waitForStop();
            // The core sets this when it ends the process on a failure (a failed incoming migration).
            return Integer.getInteger("qmpd.exit.status", 0);
        } catch (Exception e) {
            return fail(String.valueOf(e.getMessage()));
        }
    }

    /** Runs one step; returns null on success, else the text to print after the option. */
    private static String carryOut(Function<String, String> endpoint, StartupPlan.Step step, Object[] address) {
        Object response = MiniJson.parse(endpoint.apply(step.request()));
        @SuppressWarnings("unchecked")
        Map<String, Object> map = (Map<String, Object>) response;
        Object error = map.get("error");
        if (error != null) {
            @SuppressWarnings("unchecked")
            Map<String, Object> e = (Map<String, Object>) error;
            if ("CommandNotFound".equals(e.get("class"))) {
                return step.whenMissing();
            }
            return String.valueOf(e.get("desc"));
        }
        Object result = map.get("return");
        if (step.command().equals("x-launch-monitor") && result instanceof Map) {
            String where = String.valueOf(((Map<?, ?>) result).get("address"));
            address[0] = where;
            if (where.endsWith(",server")) {
                System.out.println("qmpd: QMP listening on " + where.replace(",server", ""));
            } else {
                System.out.println("qmpd: QMP connected to " + where);
            }
        }
        return null;
    }

    private int fail(String message) {
        if (stopping) {
            return 0; // a signal arrived during start-up: the shutdown hook ends the process
        }
        System.err.println("qmpd: " + message);
        Daemon.reportFailure("qmpd: " + message);
        if (platform != null) {
            platform.stop();
        }
        return 1;
    }

    /**
     * Runs on SIGTERM, SIGINT and every exit: stops the framework (the core sends SHUTDOWN and
     * removes its sockets), removes the pid file and the bundle cache. On a signal it ends the
     * process with status 0, as QEMU does, instead of the JVM's 143.
     */
    private void shutdownHook() {
        stopping = true;
        boolean signalled = platform != null && platform.isRunning();
        if (platform != null) {
            platform.stop();
            platform.cleanUp();
        }
        if (pidfile != null) {
            try {
                Files.deleteIfExists(pidfile);
            } catch (IOException e) {
                // nothing more to do on the way out
            }
        }
        if (signalled) {
            System.out.flush();
            Runtime.getRuntime().halt(0);
        }
    }

    static String version() {
        Package p = Main.class.getPackage();
        String v = p == null ? null : p.getImplementationVersion();
        return v == null ? "0.1.0" : v;
    }
}
