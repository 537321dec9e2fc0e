package org.qmpd.rocker.device;

import java.util.LinkedHashMap;
import java.util.Map;

import org.qmpd.core.api.Device;
import org.qmpd.rocker.net.NetBackend;
import org.qmpd.rocker.ofdpa.Bytes;

/**
 * A rocker switch as a device of the machine: its QOM properties, and its removal by
 * {@code device_del}, which detaches its ports from their backends and forgets the switch.
 * Unlike QEMU's rocker (marked unmigratable), it migrates: see {@code RockerMigration}.
 */
final class RockerDevice implements Device {
    private final Rocker rocker;
    private final long lenPorts;
    private final Rockers rockers;

    RockerDevice(Rocker rocker, long lenPorts, Rockers rockers) {
        this.rocker = rocker;
        this.lenPorts = lenPorts;
        this.rockers = rockers;
    }

    Rocker rocker() {
        return rocker;
    }

    @Override
    public Map<String, Object> properties() {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("name", rocker.name());
        p.put("world", Rocker.WORLD);
        p.put("fp_start_macaddr", Bytes.macString(rocker.fpStartMac()));
        long id = rocker.switchId();
        p.put("switch_id", id >= 0 ? (Object) id : new java.math.BigInteger(Long.toUnsignedString(id)));
        p.put("len-ports", lenPorts);
        for (FpPort port : rocker.ports()) {
            NetBackend b = port.backend();
            p.put("ports[" + (port.pport() - 1) + "]", b == null ? "" : b.id());
        }
        return p;
    }

    @Override
    public void unplug() {
        rocker.detachAll();
        rockers.remove(rocker);
    }
}
