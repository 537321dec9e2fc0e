package org.qmpd.rocker.device;

import java.util.Map;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.qmpd.core.api.Device;
import org.qmpd.core.api.DeviceModel;
import org.qmpd.core.api.QmpException;
import org.qmpd.rocker.net.Netdevs;

/**
 * The {@code rocker} device model: {@code -device rocker,name=sw1,len-ports=2,ports[0]=n0}
 * and {@code device_add} with the same properties make a switch (see {@link RockerConfig}).
 */
@Component(service = DeviceModel.class, property = DeviceModel.DRIVER + "=" + RockerConfig.DRIVER)
public final class RockerModel implements DeviceModel {
    @Reference
    private Rockers rockers;

    @Reference
    private Netdevs netdevs;

    public RockerModel() {
    }

    /** For tests and the benchmark: a model over given registries, outside OSGi. */
    public RockerModel(Rockers rockers, Netdevs netdevs) {
        this.rockers = rockers;
        this.netdevs = netdevs;
    }

    @Override
    public String driver() {
        return RockerConfig.DRIVER;
    }

    @Override
    public Device create(String id, Map<String, String> properties) throws QmpException {
        RockerConfig config = RockerConfig.parse(properties, netdevs);
        return new RockerDevice(config.realize(rockers), config.lenPorts, rockers);
    }
}
