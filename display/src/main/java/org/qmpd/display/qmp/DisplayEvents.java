package org.qmpd.display.qmp;

import org.qmpd.core.api.EventBus;
import org.qmpd.display.net.Endpoint;
import org.qmpd.display.spice.SpiceServer;
import org.qmpd.display.vnc.VncClient;
import org.qmpd.display.vnc.VncServer;

/**
 * The display's QMP events, as QEMU 2.4 sends them: {@code VNC_CONNECTED} when a client's
 * socket is accepted, {@code VNC_INITIALIZED} after its ClientInit, {@code VNC_DISCONNECTED}
 * when it goes (only if it was initialized, as {@code vnc_disconnect_finish} does);
 * {@code SPICE_CONNECTED} and {@code SPICE_DISCONNECTED} for every connection,
 * {@code SPICE_INITIALIZED} for every linked channel.
 */
public final class DisplayEvents implements VncServer.Listener, SpiceServer.Listener {
    record VncEvent(VncServerInfo server, VncBasicInfo client) {
    }

    record SpiceEvent(SpiceBasicInfo server, SpiceBasicInfo client) {
    }

    record SpiceInitialized(SpiceServerInfo server, SpiceChannel client) {
    }

    private final EventBus events;

    public DisplayEvents(EventBus events) {
        this.events = events;
    }

    private VncEvent vncEvent(VncClient client) {
        VncServer server = client.server();
        return new VncEvent(VncServerInfo.of(server.endpoint(), server.authName()), VncBasicInfo.of(client.peer()));
    }

    @Override
    public void connected(VncClient client) {
        events.emit("VNC_CONNECTED", vncEvent(client));
    }

    @Override
    public void initialized(VncClient client) {
        events.emit("VNC_INITIALIZED", vncEvent(client));
    }

    @Override
    public void disconnected(VncClient client) {
        events.emit("VNC_DISCONNECTED", vncEvent(client));
    }

    @Override
    public void connected(Endpoint server, Endpoint client) {
        events.emit("SPICE_CONNECTED", new SpiceEvent(SpiceBasicInfo.of(server), SpiceBasicInfo.of(client)));
    }

    @Override
    public void initialized(SpiceServer.Channel channel, String auth) {
        events.emit("SPICE_INITIALIZED", new SpiceInitialized(SpiceServerInfo.of(channel.server(), auth),
                SpiceChannel.of(channel)));
    }

    @Override
    public void disconnected(Endpoint server, Endpoint client) {
        events.emit("SPICE_DISCONNECTED", new SpiceEvent(SpiceBasicInfo.of(server), SpiceBasicInfo.of(client)));
    }
}
