package org.qmpd.display.qmp;

import org.qmpd.display.net.Endpoint;

/** {@code VncServerInfo}: {@code VncBasicInfo} plus {@code auth}, flat on the wire. */
public record VncServerInfo(String host, String service, String family, boolean websocket, String auth) {
    static VncServerInfo of(Endpoint e, String auth) {
        return new VncServerInfo(e.host(), e.service(), e.family(), false, auth);
    }
}
