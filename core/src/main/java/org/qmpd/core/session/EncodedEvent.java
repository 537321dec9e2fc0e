package org.qmpd.core.session;

import com.fasterxml.jackson.databind.JsonNode;

import org.qmpd.core.protocol.QmpEncoder;

/** An event encoded once for all compact monitors, and once more only if a pretty one exists. */
public final class EncodedEvent {
    private final JsonNode tree;
    private final byte[] compact;
    private volatile byte[] pretty;

    public EncodedEvent(JsonNode tree) {
        this.tree = tree;
        this.compact = QmpEncoder.encodeMessage(tree, false);
    }

    byte[] bytes(boolean prettyLayout) {
        if (!prettyLayout) {
            return compact;
        }
        byte[] p = pretty;
        if (p == null) {
            p = QmpEncoder.encodeMessage(tree, true);
            pretty = p;
        }
        return p;
    }
}
