package org.qmpd.display.qmp;

import org.qmpd.display.net.Endpoint;

/** {@code VncBasicInfo} (2.4), also the shape of {@code VncClientInfo} without SASL or x509 names. */
public record VncBasicInfo(String host, String service, String family, boolean websocket) {
    static VncBasicInfo of(Endpoint e) {
        return new VncBasicInfo(e.host(), e.service(), e.family(), false);
    }
}
