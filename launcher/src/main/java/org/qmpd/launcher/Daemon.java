package org.qmpd.launcher;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The child's half of {@code -daemonize}. Java cannot fork, so {@code bin/qmpd} starts the JVM
 * detached and waits on a FIFO named by the system property {@code qmpd.daemon.status}: the
 * launcher writes {@code ok} once start-up has succeeded, or the error line, and the script
 * exits 0 or prints the error and exits 1, as QEMU's parent process does.
 */
final class Daemon {
    private Daemon() {
    }

    static void reportReady() {
        report("ok\n");
    }

    static void reportFailure(String message) {
        report(message + "\n");
    }

    private static synchronized void report(String text) {
        String fifo = System.getProperty("qmpd.daemon.status");
        if (fifo == null) {
            return;
        }
        System.clearProperty("qmpd.daemon.status");
        try (OutputStream out = Files.newOutputStream(Path.of(fifo))) {
            out.write(text.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            System.err.println("qmpd: cannot report start-up status to " + fifo + ": " + e.getMessage());
        }
    }
}
