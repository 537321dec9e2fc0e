package org.qmpd.bench.platform;

import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A QMP server under test (qmpd, QEMU or qemu-storage-daemon) started with a unix-socket
 * monitor, and a bare client for it: requests written without newlines, responses counted by
 * CRLF, nothing parsed on the hot path so the client is never the bottleneck.
 */
final class QmpTarget implements Closeable {
    final String name;
    private final List<String> command;
    private final Path socket;
    private Process process;
    SocketChannel channel;
    private InputStream in;

    QmpTarget(String name, List<String> command, Path socket) {
        this.name = name;
        this.command = command;
        this.socket = socket;
    }

    /** Starts the process and returns the nanoseconds until {@code qmp_capabilities} was answered. */
    long start() throws IOException, InterruptedException {
        Files.deleteIfExists(socket);
        long t0 = System.nanoTime();
        process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        while (true) {
            try {
                channel = SocketChannel.open(StandardProtocolFamily.UNIX);
                channel.connect(UnixDomainSocketAddress.of(socket));
                break;
            } catch (IOException e) {
                channel.close();
                if (!process.isAlive()) {
                    throw new IOException(name + " exited with " + process.exitValue());
                }
                // Every 1 ms: a tighter loop of socket attempts takes CPU from the start-up
                // it measures on a two-core machine, and costs at most 1 ms of resolution.
                Thread.sleep(1);
            }
        }
        in = new BufferedInputStream(Channels.newInputStream(channel), 1 << 16);
        readLine();
        send("{\"execute\":\"qmp_capabilities\"}");
        readLine();
        return System.nanoTime() - t0;
    }

    long pid() {
        return process.pid();
    }

    /**
     * CPU time the process has used so far (user and system, all threads), in milliseconds,
     * from /proc: read right after {@link #start()}, the work start-up took, which a busy or
     * slow machine disturbs less than the wall time.
     */
    double cpuMillis() throws IOException {
        String stat = Files.readString(Path.of("/proc/" + process.pid() + "/stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]); // utime, stime
        return ticks * 1000.0 / CLOCK_TICKS;
    }

    /** The kernel's USER_HZ, 100 on Linux. */
    private static final int CLOCK_TICKS = 100;

    /** Resident set size in KiB, from /proc. */
    long rssKib() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/" + process.pid() + "/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("\\D", ""));
            }
        }
        return -1;
    }

    void send(String text) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
        while (b.hasRemaining()) {
            channel.write(b);
        }
    }

    private final byte[] chunk = new byte[1 << 16];
    private int chunkPos;
    private int chunkEnd;

    /**
     * Reads one CRLF-terminated line, skipping events; returns its length. Scans whole chunks so
     * that a 16 MiB answer costs the client microseconds per 64 KiB, not a call per byte.
     */
    int readLine() throws IOException {
        while (true) {
            int length = 0;
            int head = 0; // the first four bytes, to tell events from responses
            boolean sawCr = false;
            while (true) {
                if (chunkPos == chunkEnd) {
                    chunkEnd = in.read(chunk, 0, chunk.length);
                    chunkPos = 0;
                    if (chunkEnd < 0) {
                        throw new IOException(name + " closed the connection");
                    }
                }
                int i = chunkPos;
                int end = chunkEnd;
                boolean done = false;
                for (; i < end; i++) {
                    byte c = chunk[i];
                    if (length < 4) {
                        head = head << 8 | (c & 0xFF);
                    }
                    length++;
                    if (c == '\n' && sawCr) {
                        i++;
                        done = true;
                        break;
                    }
                    sawCr = c == '\r';
                }
                chunkPos = i;
                if (done) {
                    break;
                }
            }
            // {"event": ... or {"timestamp": ... are events; responses start {"return" / {"id" / {"error"
            int third = (head >> 8) & 0xFF;
            int fourth = head & 0xFF;
            boolean event = third == 'e' && fourth == 'v' || third == 't' && fourth == 'i';
            if (!event) {
                return length;
            }
        }
    }

    @Override
    public void close() throws IOException {
        if (channel != null) {
            channel.close();
        }
        if (process != null) {
            process.destroy();
            try {
                process.waitFor();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    static List<String> list(String... parts) {
        return new ArrayList<>(List.of(parts));
    }
}
