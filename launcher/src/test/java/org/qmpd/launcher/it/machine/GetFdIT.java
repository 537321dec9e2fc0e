package org.qmpd.launcher.it.machine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.qmpd.launcher.it.QmpdProcess;

/**
 * {@code getfd} and {@code closefd} with descriptors really passed over the unix socket
 * (SCM_RIGHTS, sent by Python's {@code socket.send_fds}), and {@code dump-guest-memory fd:}
 * writing through a passed descriptor.
 */
class GetFdIT {
    static final String CLIENT = String.join("\n",
            "import os, socket, sys",
            "s = socket.socket(socket.AF_UNIX); s.connect(sys.argv[1]); f = s.makefile('rb')",
            "def cmd(text, fds=None):",
            "    if fds: socket.send_fds(s, [text.encode()], fds)",
            "    else: s.sendall(text.encode())",
            "    line = f.readline()",
            "    while b'\"event\"' in line: line = f.readline()",
            "    print(line.decode().rstrip())",
            "f.readline()",
            "cmd('{\"execute\":\"qmp_capabilities\"}')",
            "fd = os.open(sys.argv[2], os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)",
            "cmd('{\"execute\":\"getfd\",\"arguments\":{\"fdname\":\"dumpfd\"}}', [fd]); os.close(fd)",
            "cmd('{\"execute\":\"dump-guest-memory\",\"arguments\":{\"paging\":false,\"protocol\":\"fd:dumpfd\"}}')",
            "cmd('{\"execute\":\"dump-guest-memory\",\"arguments\":{\"paging\":false,\"protocol\":\"fd:dumpfd\"}}')",
            "cmd('{\"execute\":\"getfd\",\"arguments\":{\"fdname\":\"nofd\"}}')",
            "r, w = os.pipe()",
            "cmd('{\"execute\":\"getfd\",\"arguments\":{\"fdname\":\"1digit\"}}', [w])",
            "cmd('{\"execute\":\"getfd\",\"arguments\":{\"fdname\":\"pipe\"}}', [w]); os.close(w)",
            "cmd('{\"execute\":\"closefd\",\"arguments\":{\"fdname\":\"pipe\"}}')",
            "cmd('{\"execute\":\"closefd\",\"arguments\":{\"fdname\":\"pipe\"}}')",
            "print('EOF' if os.read(r, 1) == b'' else 'OPEN')",
            "");

    @Test
    void descriptorsPassedOverTheSocketAreStoredUsedAndClosed() throws Exception {
        Path dir = QmpdProcess.tempDir("qmpd-getfd");
        Path sock = dir.resolve("m.sock");
        Path dumpFile = dir.resolve("through-fd.elf");
        Path script = dir.resolve("client.py");
        Files.writeString(script, CLIENT);
        try (QmpdProcess qmpd = QmpdProcess.start("-m", "16", "-qmp", "unix:" + sock + ",server=on,wait=off")) {
            qmpd.address();
            Process py = new ProcessBuilder("python3", script.toString(), sock.toString(), dumpFile.toString())
                    .redirectErrorStream(true).start();
            assertTrue(py.waitFor(60, TimeUnit.SECONDS));
            List<String> out = List.of(new String(py.getInputStream().readAllBytes(), StandardCharsets.UTF_8).split("\n"));
            assertEquals(List.of(
                    "{\"return\": {}}",
                    "{\"return\": {}}",
                    "{\"return\": {}}",
                    "{\"error\": {\"class\": \"GenericError\", \"desc\": \"File descriptor named 'dumpfd' has not been found\"}}",
                    "{\"error\": {\"class\": \"GenericError\", \"desc\": \"No file descriptor supplied via SCM_RIGHTS\"}}",
                    "{\"error\": {\"class\": \"GenericError\", \"desc\": \"Parameter 'fdname' expects a name not starting with a digit\"}}",
                    "{\"return\": {}}",
                    "{\"return\": {}}",
                    "{\"error\": {\"class\": \"GenericError\", \"desc\": \"File descriptor named 'pipe' not found\"}}",
                    "EOF"), out, "the last line: closefd closed qmpd's copy of the pipe's write end, so the read end sees EOF");
            byte[] elf = Files.readAllBytes(dumpFile);
            assertArrayEquals(new byte[] {0x7f, 'E', 'L', 'F'}, java.util.Arrays.copyOf(elf, 4));
            assertTrue(elf.length > 16 << 20, "the whole 16 MiB of RAM went through the passed descriptor: " + elf.length);
            assertEquals(0, qmpd.terminate());
        }
    }
}
