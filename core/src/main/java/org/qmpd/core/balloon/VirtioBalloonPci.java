package org.qmpd.core.balloon;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.qmpd.core.api.DeviceModel;

/** The {@code virtio-balloon-pci} device model (also {@code virtio-balloon}, by 2.4's alias). */
@Component(service = DeviceModel.class, property = DeviceModel.DRIVER + "=virtio-balloon-pci")
public final class VirtioBalloonPci extends VirtioBalloonModel {
    @Reference
    private Balloon balloon;

    @Override
    Balloon balloon() {
        return balloon;
    }

    @Override
    public String driver() {
        return "virtio-balloon-pci";
    }
}
