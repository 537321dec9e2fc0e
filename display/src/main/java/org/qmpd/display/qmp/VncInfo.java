package org.qmpd.display.qmp;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

/** {@code VncInfo} (2.4): only {@code enabled} when there is no listening server. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record VncInfo(boolean enabled, String host, String family, String service, String auth,
                      List<VncBasicInfo> clients) {
}
