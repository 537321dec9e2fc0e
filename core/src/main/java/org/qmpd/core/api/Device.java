package org.qmpd.core.api;

import java.util.Map;

/** A realized device, as {@link DeviceModel#create} makes it. */
public interface Device {
    /** The device's properties for {@code qom-list} and {@code qom-get}: name to a JSON-able value. */
    Map<String, Object> properties();

    /**
     * Removes the device from the machine ({@code device_del}): release what it holds. A device
     * that cannot be unplugged throws with QEMU's words.
     */
    void unplug() throws QmpException;

    /**
     * Why this device stops a migration, as QEMU words its blockers (for example
     * {@code non-migratable device: 0000:00:03.0/rocker}), or null if it migrates.
     */
    default String migrationBlocker() {
        return null;
    }
}
