package org.qmpd.core.balloon;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import org.qmpd.core.api.Device;
import org.qmpd.core.api.DeviceModel;
import org.qmpd.core.api.QmpException;

/**
 * The virtio balloon as a PCI device: checks the qdev properties 2.4's
 * {@code virtio-balloon-pci} has, with the string input visitor's words, then registers the
 * device as the machine's balloon. {@code -device virtio-balloon} reaches it through 2.4's alias
 * table (see {@code DeviceTree}), as on QEMU's pc machine.
 */
abstract class VirtioBalloonModel implements DeviceModel {
    static final Set<String> BOOLS = Set.of("multifunction", "command_serr_enable", "ioeventfd",
            "virtio-pci-bus-master-bug-migration", "indirect_desc", "event_idx", "notify_on_empty", "any_layout");
    static final Set<String> UINT32S = Set.of("vectors", "class", "rombar");

    abstract Balloon balloon();

    @Override
    public Device create(String id, Map<String, String> properties) throws QmpException {
        Map<String, Object> values = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : properties.entrySet()) {
            values.put(e.getKey(), parse(e.getKey(), e.getValue()));
        }
        BalloonDevice device = new BalloonDevice(balloon(), values);
        balloon().register(device);
        return device;
    }

    private Object parse(String name, String value) throws QmpException {
        if (BOOLS.contains(name)) {
            switch (value) {
                case "on": case "yes": case "true": case "y":
                    return true;
                case "off": case "no": case "false": case "n":
                    return false;
                default:
                    throw QmpException.generic("Invalid parameter type for '" + name + "', expected: boolean");
            }
        }
        if (UINT32S.contains(name)) {
            try {
                long v = Long.decode(value);
                if (v < 0 || v > 0xFFFF_FFFFL) {
                    throw QmpException.generic("Parameter '" + name + "' expects uint32_t");
                }
                return v;
            } catch (NumberFormatException e) {
                throw QmpException.generic("Parameter '" + name + "' expects an int64 value or range");
            }
        }
        if (name.equals("addr")) {
            return pciAddr(value);
        }
        if (name.equals("romfile")) {
            return value;
        }
        throw QmpException.generic("Property '" + driver() + "." + name + "' not found");
    }

    /** A PCI {@code addr} ({@code slot[.function]}, hex), as 2.4's devfn property parses it. */
    private Object pciAddr(String value) throws QmpException {
        String[] parts = value.split("\\.", -1);
        try {
            int slot = Integer.parseInt(hex(parts[0]), 16);
            int fn = parts.length > 1 ? Integer.parseInt(hex(parts[1]), 16) : 0;
            if (parts.length <= 2 && slot >= 0 && slot < 32 && fn >= 0 && fn < 8) {
                return String.format("%02x.%x", slot, fn);
            }
        } catch (NumberFormatException e) {
            // falls through to the error
        }
        throw QmpException.generic("Property '" + driver() + ".addr' doesn't take value '" + value + "'");
    }

    /** {@code strtoul(s, 16)} takes an optional {@code 0x}. */
    private static String hex(String digits) {
        return digits.startsWith("0x") || digits.startsWith("0X") ? digits.substring(2) : digits;
    }

    /** A realized balloon: its properties as set, and the balloon handler it holds. */
    static final class BalloonDevice implements Device {
        private final Balloon balloon;
        private final Map<String, Object> properties;

        BalloonDevice(Balloon balloon, Map<String, Object> properties) {
            this.balloon = balloon;
            this.properties = properties;
        }

        @Override
        public Map<String, Object> properties() {
            return properties;
        }

        @Override
        public void unplug() {
            balloon.unregister(this);
        }
    }
}
