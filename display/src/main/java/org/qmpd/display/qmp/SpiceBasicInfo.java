package org.qmpd.display.qmp;

import org.qmpd.display.net.Endpoint;

/** {@code SpiceBasicInfo}: {@code port} is a string. */
public record SpiceBasicInfo(String host, String port, String family) {
    static SpiceBasicInfo of(Endpoint e) {
        return new SpiceBasicInfo(e.host(), e.service(), e.family());
    }
}
