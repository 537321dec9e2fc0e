package org.qmpd.migration.transport;

import java.io.File;
import java.io.IOException;
import java.nio.channels.Channels;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.util.concurrent.TimeUnit;

/**
 * An {@code exec:} migration channel, as QEMU's {@code popen}: the command runs under
 * {@code /bin/sh -c}; the source writes the stream to its standard input, the destination
 * reads it from its standard output. The command's other streams are qmpd's.
 */
final class ExecConnection implements Connection {
    private final Process process;
    private final ReadableByteChannel in;
    private final WritableByteChannel out;

    private ExecConnection(Process process, boolean outgoing) {
        this.process = process;
        this.in = outgoing ? null : Channels.newChannel(process.getInputStream());
        this.out = outgoing ? Channels.newChannel(process.getOutputStream()) : null;
    }

    static ExecConnection start(String command, boolean outgoing) throws TransportException {
        ProcessBuilder pb = new ProcessBuilder("/bin/sh", "-c", command);
        pb.redirectError(ProcessBuilder.Redirect.INHERIT);
        if (outgoing) {
            pb.redirectOutput(ProcessBuilder.Redirect.INHERIT);
        } else {
            pb.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        }
        try {
            return new ExecConnection(pb.start(), outgoing);
        } catch (IOException e) {
            throw new TransportException(outgoing ? "failed to popen the migration target" : "failed to popen the migration source", e);
        }
    }

    @Override
    public ReadableByteChannel input() {
        return in;
    }

    @Override
    public WritableByteChannel output() {
        return out;
    }

    @Override
    public boolean isSocket() {
        return false;
    }

    @Override
    public void shutdown() {
        process.destroy();
        close();
    }

    /** Closes our end, then reaps the command as {@code pclose} does (briefly, then kills it). */
    @Override
    public void close() {
        try {
            if (out != null) {
                out.close();
            }
            if (in != null) {
                in.close();
            }
        } catch (IOException e) {
            // the command may already be gone
        }
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
