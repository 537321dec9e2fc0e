package org.qmpd.display.qmp;

import com.fasterxml.jackson.annotation.JsonProperty;

import org.qmpd.display.spice.SpiceServer;

/** {@code SpiceChannel}: the client's address (port a string) and the channel, with {@code tls}. */
public record SpiceChannel(String host, String port, String family,
                           @JsonProperty("connection-id") int connectionId,
                           @JsonProperty("channel-type") int channelType,
                           @JsonProperty("channel-id") int channelId,
                           boolean tls) {
    static SpiceChannel of(SpiceServer.Channel c) {
        return new SpiceChannel(c.client().host(), c.client().service(), c.client().family(),
                c.connectionId(), c.channelType(), c.channelId(), c.tls());
    }
}
