package org.qmpd.block.qmp;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/** 2.4's {@code BlockInfo}, one element of {@code query-block}. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record BlockInfo(String device, String type, boolean removable, boolean locked, BlockDeviceInfo inserted,
        @JsonProperty("tray_open") Boolean trayOpen,
        @JsonProperty("io-status") String ioStatus,
        @JsonProperty("dirty-bitmaps") List<BlockDirtyInfo> dirtyBitmaps) {
}
