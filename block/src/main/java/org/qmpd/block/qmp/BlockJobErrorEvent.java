package org.qmpd.block.qmp;

/** The data of {@code BLOCK_JOB_ERROR}: the device, the failed {@code operation} ({@code read}, {@code write}) and the {@code action} taken. */
public record BlockJobErrorEvent(String device, String operation, String action) {
}
