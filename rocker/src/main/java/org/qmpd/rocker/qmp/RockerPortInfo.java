package org.qmpd.rocker.qmp;

import com.fasterxml.jackson.annotation.JsonProperty;

/** {@code RockerPort}: one entry of {@code query-rocker-ports}. */
public record RockerPortInfo(String name, boolean enabled, @JsonProperty("link-up") boolean linkUp, long speed,
                             String duplex, String autoneg) {
}
