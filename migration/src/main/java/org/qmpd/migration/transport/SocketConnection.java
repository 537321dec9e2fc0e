package org.qmpd.migration.transport;

import java.io.IOException;
import java.net.StandardSocketOptions;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.SocketChannel;
import java.nio.channels.WritableByteChannel;

/** A {@code tcp:} or {@code unix:} migration connection. */
final class SocketConnection implements Connection {
    private final SocketChannel channel;

    SocketConnection(SocketChannel channel) {
        this.channel = channel;
        try {
            if (channel.supportedOptions().contains(StandardSocketOptions.TCP_NODELAY)) {
                // records are written whole; the end of the stream must not wait for Nagle
                channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
            }
        } catch (IOException e) {
            // an option we merely prefer
        }
    }

    @Override
    public ReadableByteChannel input() {
        return channel;
    }

    @Override
    public WritableByteChannel output() {
        return channel;
    }

    @Override
    public boolean isSocket() {
        return true;
    }

    @Override
    public void shutdown() {
        close();
    }

    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException e) {
            // closing is all that is left to do
        }
    }
}
