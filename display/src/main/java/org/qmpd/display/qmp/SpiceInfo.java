package org.qmpd.display.qmp;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/** {@code SpiceInfo} (2.4), optional members left out when absent. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SpiceInfo(boolean enabled, boolean migrated, String host, Integer port,
                        @JsonProperty("tls-port") Integer tlsPort, String auth,
                        @JsonProperty("compiled-version") String compiledVersion,
                        @JsonProperty("mouse-mode") String mouseMode, List<SpiceChannel> channels) {
}
