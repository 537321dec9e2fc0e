package org.qmpd.block.qmp;

import com.fasterxml.jackson.annotation.JsonInclude;

/** 2.4's {@code BlockDirtyInfo}; {@code count} in bytes (DESIGN.md), {@code name} absent for a successor. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record BlockDirtyInfo(String name, long count, long granularity, String status) {
}
