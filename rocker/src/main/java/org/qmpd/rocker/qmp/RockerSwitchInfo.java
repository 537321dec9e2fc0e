package org.qmpd.rocker.qmp;

/** {@code RockerSwitch}: {@code query-rocker}'s result. {@code id} is a uint64. */
public record RockerSwitchInfo(String name, Number id, long ports) {
}
