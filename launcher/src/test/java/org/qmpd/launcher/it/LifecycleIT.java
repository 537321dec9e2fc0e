package org.qmpd.launcher.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ServerSocket;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;


import org.junit.jupiter.api.Test;

/**
 * The process as an operator sees it: the command line and its errors, quit and signals with
 * a clean exit, unix socket files removed, client-mode monitors, -daemonize and -pidfile.
 */
class LifecycleIT {
    @Test
    void withoutOptionsItListensOnTheDefaultPortAndSaysSo() throws Exception {
        try (QmpdProcess qmpd = QmpdProcess.start()) {
            assertEquals("tcp:127.0.0.1:4444", qmpd.address());
            try (QmpClient c = qmpd.client()) {
                assertEquals("running", c.ok("query-status").get("status").asText());
            }
            assertEquals(0, qmpd.terminate());
        }
    }

    @Test
    void quitAnswersThenShutdownThenExitsZero() throws Exception {
        Path dir = QmpdProcess.tempDir("qmpd-quit");
        Path sock = dir.resolve("m.sock");
        try (QmpdProcess qmpd = QmpdProcess.start("-qmp", "unix:" + sock + ",server=on,wait=off")) {
            try (QmpClient c = qmpd.client(); QmpClient other = qmpd.client()) {
                c.sendRaw("{\"execute\": \"quit\", \"id\": \"bye\"}");
                assertEquals("{\"return\": {}, \"id\": \"bye\"}", c.readLine());
                assertEquals("SHUTDOWN", c.readMessage().get("event").asText());
                assertEquals("SHUTDOWN", other.event("SHUTDOWN").get("event").asText());
                assertTrue(c.closedByServer());
            }
            assertEquals(0, qmpd.waitFor(20));
            assertFalse(Files.exists(sock), "unix socket removed");
        }
    }

    @Test
    void sigtermSendsShutdownClosesSocketsAndExitsZero() throws Exception {
        Path dir = QmpdProcess.tempDir("qmpd-term");
        Path sock = dir.resolve("m.sock");
        Path pidfile = dir.resolve("qmpd.pid");
        try (QmpdProcess qmpd = QmpdProcess.start("-qmp", "unix:" + sock + ",server=on,wait=off", "-pidfile", pidfile.toString())) {
            try (QmpClient c = qmpd.client()) {
                assertEquals(Long.toString(qmpd.pid()), Files.readString(pidfile).trim());
                qmpd.process().toHandle().destroy();
                assertEquals("SHUTDOWN", c.event("SHUTDOWN").get("event").asText());
                assertTrue(c.closedByServer());
            }
            assertEquals(0, qmpd.waitFor(20));
            assertFalse(Files.exists(sock), "unix socket removed");
            assertFalse(Files.exists(pidfile), "pid file removed");
        }
    }

    @Test
    void helpAndVersionExitZero() throws Exception {
        try (QmpdProcess qmpd = QmpdProcess.start("-h")) {
            assertEquals(0, qmpd.waitFor(20));
            assertTrue(qmpd.stdout().get(1).startsWith("usage: qmpd"), qmpd.stdout().toString());
        }
        try (QmpdProcess qmpd = QmpdProcess.start("-version")) {
            assertEquals(0, qmpd.waitFor(20));
            assertTrue(qmpd.stdout().get(0).startsWith("QEMU emulator version 2.4.0 (qmpd 0.1.0)"), qmpd.stdout().toString());
        }
    }

    @Test
    void badCommandLinesFailWithQemuStyleErrorsAndExitOne() throws Exception {
        String[][] cases = {
            {"qmpd: -frobnicate: invalid option", "-frobnicate"},
            {"qmpd: -m: requires an argument", "-m"},
            {"qmpd: -m lots: Parameter 'size' expects a size", "-m", "lots"},
            {"qmpd: disk.img: not an option (disk images are given with -drive)", "disk.img"},
            {"qmpd: -mon chardev=nope,mode=control: chardev \"nope\" not found", "-mon", "chardev=nope,mode=control"},
            {"qmpd: -qmp stdio: chardev: backend \"stdio\" not supported for a QMP monitor (use tcp: or unix:)", "-qmp", "stdio"},
            {"qmpd: -smp 999: Invalid SMP CPUs 999. The max CPUs supported by machine 'pc-i440fx-2.4' is 255", "-smp", "999"},
            {"qmpd: -qmp tcp:127.0.0.1:99999,server=on,wait=off: error parsing port in address '127.0.0.1:99999'", "-qmp", "tcp:127.0.0.1:99999,server=on,wait=off"},
        };
        for (String[] c : cases) {
            String[] args = java.util.Arrays.copyOfRange(c, 1, c.length);
            try (QmpdProcess qmpd = QmpdProcess.start(args)) {
                assertEquals(1, qmpd.waitFor(20), String.join(" ", args));
                assertEquals(List.of(c[0]), qmpd.stderr(), String.join(" ", args));
            }
        }
    }

    @Test
    void aPortInUseStopsStartUp() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress());
             QmpdProcess qmpd = QmpdProcess.start("-qmp", "tcp:127.0.0.1:" + taken.getLocalPort() + ",server=on,wait=off")) {
            assertEquals(1, qmpd.waitFor(20));
            assertTrue(qmpd.stderr().get(0).startsWith("qmpd: -qmp tcp:127.0.0.1:" + taken.getLocalPort()
                    + ",server=on,wait=off: Failed to bind socket: "), qmpd.stderr().toString());
        }
    }

    @Test
    void clientModeChardevConnectsOutToAListeningClient() throws Exception {
        Path dir = QmpdProcess.tempDir("qmpd-client-mode");
        Path sock = dir.resolve("harness.sock");
        try (ServerSocketChannel harness = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            harness.bind(UnixDomainSocketAddress.of(sock));
            try (QmpdProcess qmpd = QmpdProcess.start("-chardev", "socket,id=mon,path=" + sock, "-mon", "chardev=mon,mode=control", "-S")) {
                try (SocketChannel conn = harness.accept()) {
                    java.io.BufferedReader in = new java.io.BufferedReader(new java.io.InputStreamReader(Channels.newInputStream(conn), StandardCharsets.US_ASCII));
                    java.io.OutputStream out = Channels.newOutputStream(conn);
                    assertTrue(in.readLine().startsWith("{\"QMP\": "));
                    out.write("{\"execute\": \"qmp_capabilities\"}{\"execute\": \"query-status\"}".getBytes(StandardCharsets.US_ASCII));
                    assertEquals("{\"return\": {}}", in.readLine());
                    assertEquals("{\"return\": {\"status\": \"prelaunch\", \"singlestep\": false, \"running\": false}}", in.readLine());
                    out.write("{\"execute\": \"quit\"}".getBytes(StandardCharsets.US_ASCII));
                    assertEquals("{\"return\": {}}", in.readLine());
                }
                assertEquals(0, qmpd.waitFor(20));
            }
        }
    }

    @Test
    void clientModeWithNobodyListeningFails() throws Exception {
        Path sock = QmpdProcess.tempDir("qmpd-nobody").resolve("none.sock");
        try (QmpdProcess qmpd = QmpdProcess.start("-chardev", "socket,id=mon,path=" + sock, "-mon", "chardev=mon,mode=control")) {
            assertEquals(1, qmpd.waitFor(20));
            assertTrue(qmpd.stderr().get(0).startsWith("qmpd: -chardev socket,id=mon,path=" + sock + ": Failed to connect socket: "), qmpd.stderr().toString());
        }
    }

    @Test
    void waitOnServerHoldsStartUpUntilTheFirstClient() throws Exception {
        Path sock = QmpdProcess.tempDir("qmpd-wait").resolve("w.sock");
        try (QmpdProcess qmpd = QmpdProcess.start("-qmp", "unix:" + sock + ",server")) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (!Files.exists(sock) && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            // connect the instant the socket appears
            try (QmpClient c = QmpClient.negotiated("unix:" + sock)) {
                assertEquals("unix:" + sock, qmpd.address());
                assertEquals("running", c.ok("query-status").get("status").asText());
            }
            assertEquals(0, qmpd.terminate());
        }
    }

    @Test
    void prettyMonitorPrintsOverSeveralCrlfLines() throws Exception {
        Path sock = QmpdProcess.tempDir("qmpd-pretty").resolve("p.sock");
        try (QmpdProcess qmpd = QmpdProcess.start("-chardev", "socket,id=m,path=" + sock + ",server=on,wait=off", "-mon", "chardev=m,mode=control,pretty=on")) {
            qmpd.address();
            try (SocketChannel ch = SocketChannel.open(UnixDomainSocketAddress.of(sock))) {
                java.io.InputStream in = Channels.newInputStream(ch);
                ch.write(java.nio.ByteBuffer.wrap("{\"execute\": \"qmp_capabilities\"}{\"execute\": \"query-status\"}".getBytes(StandardCharsets.US_ASCII)));
                String expected = "{\r\n    \"QMP\": {\r\n        \"version\": {\r\n            \"qemu\": {\r\n"
                        + "                \"micro\": 0,\r\n                \"minor\": 4,\r\n                \"major\": 2\r\n            },\r\n"
                        + "            \"package\": \" (qmpd 0.1.0)\"\r\n        },\r\n        \"capabilities\": [\r\n        ]\r\n    }\r\n}\r\n"
                        + "{\r\n    \"return\": {\r\n    }\r\n}\r\n"
                        + "{\r\n    \"return\": {\r\n        \"status\": \"running\",\r\n        \"singlestep\": false,\r\n        \"running\": true\r\n    }\r\n}\r\n";
                byte[] got = in.readNBytes(expected.length());
                assertEquals(expected, new String(got, StandardCharsets.US_ASCII));
            }
            assertEquals(0, qmpd.terminate());
        }
    }

    @Test
    void daemonizeReturnsOnceReadyAndThePidfileNamesTheDaemon() throws Exception {
        Path dir = QmpdProcess.tempDir("qmpd-daemon");
        Path sock = dir.resolve("d.sock");
        Path pidfile = dir.resolve("d.pid");
        try (QmpdProcess launcher = QmpdProcess.start("-daemonize", "-pidfile", pidfile.toString(), "-qmp", "unix:" + sock + ",server=on,wait=off")) {
            assertEquals(0, launcher.waitFor(30));
        }
        assertTrue(Files.exists(sock), "the daemon is serving when -daemonize returns");
        long pid = Long.parseLong(Files.readString(pidfile).trim());
        try (QmpClient c = QmpClient.negotiated("unix:" + sock)) {
            c.sendRaw("{\"execute\": \"quit\"}");
            assertEquals("{\"return\": {}}", c.readLine());
        }
        ProcessHandle daemon = ProcessHandle.of(pid).orElse(null);
        if (daemon != null) {
            daemon.onExit().get(20, TimeUnit.SECONDS);
        }
        assertFalse(Files.exists(pidfile));
    }

    @Test
    void daemonizeReportsAStartUpErrorAndExitsOne() throws Exception {
        try (QmpdProcess launcher = QmpdProcess.start("-daemonize", "-qmp", "tcp:127.0.0.1:99999,server=on,wait=off")) {
            assertEquals(1, launcher.waitFor(30));
            assertEquals(List.of("qmpd: -qmp tcp:127.0.0.1:99999,server=on,wait=off: error parsing port in address '127.0.0.1:99999'"),
                    launcher.stderr());
        }
    }

}
