package org.qmpd.migration.transport;

import java.io.IOException;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;

/** A one-way incoming stream on an inherited descriptor ({@code fd:N}). */
final class PipeConnection implements Connection {
    private final ReadableByteChannel in;

    PipeConnection(ReadableByteChannel in) {
        this.in = in;
    }

    @Override
    public ReadableByteChannel input() {
        return in;
    }

    @Override
    public WritableByteChannel output() {
        return null;
    }

    @Override
    public boolean isSocket() {
        return false;
    }

    @Override
    public void shutdown() {
        close();
    }

    @Override
    public void close() {
        try {
            in.close();
        } catch (IOException e) {
            // nothing more to do
        }
    }
}
