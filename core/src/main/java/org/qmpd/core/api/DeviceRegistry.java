package org.qmpd.core.api;

import java.util.List;

/** The machine's devices, by id, as {@code -device} and {@code device_add} created them. */
public interface DeviceRegistry {
    /** A created device with its identity in the device tree. */
    record Entry(String id, String driver, String qomPath, Device device) {
    }

    /** The device with {@code id}, or null. */
    Entry find(String id);

    /** Every device, in creation order. */
    List<Entry> devices();
}
