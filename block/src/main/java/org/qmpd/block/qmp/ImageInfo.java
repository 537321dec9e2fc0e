package org.qmpd.block.qmp;

import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/** 2.4's {@code ImageInfo}, with the backing chain as nested {@code backing-image}. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ImageInfo(String filename, String format,
        @JsonProperty("dirty-flag") Boolean dirtyFlag,
        @JsonProperty("actual-size") Long actualSize,
        @JsonProperty("virtual-size") long virtualSize,
        @JsonProperty("cluster-size") Integer clusterSize,
        @JsonProperty("backing-filename") String backingFilename,
        @JsonProperty("full-backing-filename") String fullBackingFilename,
        @JsonProperty("backing-filename-format") String backingFilenameFormat,
        @JsonProperty("backing-image") ImageInfo backingImage,
        @JsonProperty("format-specific") Specific formatSpecific) {

    /** {@code ImageInfoSpecific}: a simple union, {@code {"type": "qcow2", "data": {...}}}. */
    public record Specific(String type, Map<String, Object> data) {
    }
}
