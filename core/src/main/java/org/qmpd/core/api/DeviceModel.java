package org.qmpd.core.api;

import java.util.Map;

/**
 * A device type that {@code -device} and {@code device_add} can create, registered as a service
 * with the property {@code qmp.device.driver} (the name QEMU uses: {@code rocker},
 * {@code virtio-balloon}, {@code virtio-blk-pci}). The core owns the device tree, ids and the
 * generic errors; the model checks and applies its own properties.
 */
public interface DeviceModel {
    /** Service property naming the driver. */
    String DRIVER = "qmp.device.driver";

    /** The driver name, equal to the {@code qmp.device.driver} property. */
    String driver();

    /**
     * Creates and realizes a device. {@code properties} holds every option except
     * {@code driver}, {@code id} and {@code bus}, as QEMU's QemuOpts holds them: strings,
     * whatever JSON type the client sent ({@code 1}, {@code "on"}). An unknown property must be
     * refused with {@code Property '<driver>.<name>' not found}; nothing may be left half made.
     * Runs under the machine lock.
     */
    Device create(String id, Map<String, String> properties) throws QmpException;

    /** Whether {@code device_add} may create it after start-up ({@code -device} always may). */
    default boolean hotpluggable() {
        return true;
    }
}
