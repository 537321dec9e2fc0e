package org.qmpd.core.balloon;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.qmpd.core.api.DeviceModel;

/** The {@code virtio-balloon} device model: 2.4's alias of {@code virtio-balloon-pci} on the pc machine. */
@Component(service = DeviceModel.class, property = DeviceModel.DRIVER + "=virtio-balloon")
public final class VirtioBalloonAlias extends VirtioBalloonModel {
    @Reference
    private Balloon balloon;

    @Override
    Balloon balloon() {
        return balloon;
    }

    @Override
    public String driver() {
        return "virtio-balloon";
    }
}
