package org.qmpd.display.qmp;

import org.qmpd.display.net.Endpoint;

/** {@code SpiceServerInfo}: {@code SpiceBasicInfo} plus {@code auth}, flat on the wire. */
public record SpiceServerInfo(String host, String port, String family, String auth) {
    static SpiceServerInfo of(Endpoint e, String auth) {
        return new SpiceServerInfo(e.host(), e.service(), e.family(), auth);
    }
}
