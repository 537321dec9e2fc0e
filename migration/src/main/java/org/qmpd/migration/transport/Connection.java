package org.qmpd.migration.transport;

import java.io.Closeable;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;

/**
 * One migration channel: a socket (both directions, so the destination can answer on the
 * return path) or the pipe of an {@code exec:} command (one direction).
 */
public interface Connection extends Closeable {
    /** Where the stream (destination) or the return path (source of a socket) is read; null if there is none. */
    ReadableByteChannel input();

    /** Where the stream (source) or the return path (destination on a socket) is written; null if there is none. */
    WritableByteChannel output();

    /** Whether the connection carries both directions. */
    boolean isSocket();

    /** Stops I/O in progress on other threads at once (cancel, fault); safe to call twice. */
    void shutdown();

    @Override
    void close();
}
