package org.qmpd.core.dispatch;

import java.nio.charset.StandardCharsets;

import org.qmpd.core.session.QmpSession;

/**
 * The launcher's in-process session: always in command mode, no events, and the only one
 * allowed to run internal commands. It answers one request at a time.
 */
final class InternalSession extends QmpSession {
    private byte[] response;

    InternalSession() {
        super("internal");
        enterCommandMode();
    }

    @Override
    public synchronized void send(byte[] message) {
        response = message;
    }

    @Override
    public void sendEvent(byte[] message) {
        // the launcher reads no events
    }

    @Override
    public void close() {
    }

    synchronized String takeResponse() {
        String text = response == null ? null : new String(response, StandardCharsets.US_ASCII).trim();
        response = null;
        return text;
    }
}
