package org.qmpd.core.session;

import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.databind.JsonNode;

import org.qmpd.core.api.PassedFd;
import org.qmpd.core.fd.FdTable;
import org.qmpd.core.protocol.QmpEncoder;

import org.qmpd.core.api.Session;

/**
 * One QMP client: its negotiation state and the way messages reach it. Messages are queued in
 * the order {@link #send} and {@link #sendEvent} are called; a command's response is queued
 * while its handler still holds the machine lock, so an event the command caused goes out
 * before its return and a SHUTDOWN after {@code quit} goes out after it.
 */
public abstract class QmpSession implements Session {
    private static final AtomicLong IDS = new AtomicLong();

    private final long id = IDS.incrementAndGet();
    private final String peer;
    private final boolean pretty;
    private final FdTable fds = new FdTable();
    private volatile boolean commandMode;

    protected QmpSession(String peer) {
        this(peer, false);
    }

    /** {@code pretty}: the monitor was given {@code pretty=on} and prints messages over several lines. */
    protected QmpSession(String peer, boolean pretty) {
        this.peer = peer;
        this.pretty = pretty;
    }

    public boolean pretty() {
        return pretty;
    }

    /** The descriptors this client passed, for {@code getfd} and {@code closefd}. */
    public FdTable fds() {
        return fds;
    }

    @Override
    public PassedFd takeFd(String name) {
        return fds.take(name);
    }

    /** Encodes and queues a response, in this monitor's layout. */
    public void send(JsonNode message) {
        send(QmpEncoder.encodeMessage(message, pretty));
    }

    /** Queues an event, in this monitor's layout. */
    public void sendEvent(EncodedEvent event) {
        sendEvent(event.bytes(pretty));
    }

    @Override
    public long id() {
        return id;
    }

    @Override
    public String peer() {
        return peer;
    }

    /** Whether {@code qmp_capabilities} has completed: only then are commands run and events delivered. */
    public boolean inCommandMode() {
        return commandMode;
    }

    public void enterCommandMode() {
        commandMode = true;
    }

    /** Queues a response; the session's reader thread writes it after the current batch. */
    public abstract void send(byte[] message);

    /** Queues an event from any thread and makes sure it is written soon, without blocking. */
    public abstract void sendEvent(byte[] message);

    /** Writes what is queued, then closes. */
    public abstract void close();

    @Override
    public String toString() {
        return "session " + id + " (" + peer + ")";
    }
}
