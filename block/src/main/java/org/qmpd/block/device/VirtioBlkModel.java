package org.qmpd.block.device;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.qmpd.block.graph.BlockBackend;
import org.qmpd.block.graph.BlockNode;
import org.qmpd.block.service.BlockLayer;
import org.qmpd.core.api.Device;
import org.qmpd.core.api.DeviceModel;
import org.qmpd.core.api.QmpException;

/**
 * {@code -device virtio-blk-pci,drive=drive0,id=vblk0}: a guest disk on a block device. The
 * drive is a device name or (as {@code -blockdev} leaves it) a node name, which gets an
 * anonymous backend. While attached the device's {@code io-status} shows in
 * {@code query-block}; unplugging releases the drive.
 */
@Component(service = DeviceModel.class, property = DeviceModel.DRIVER + "=virtio-blk-pci")
public final class VirtioBlkModel implements DeviceModel {
    static final String DRIVER = "virtio-blk-pci";
    private static final Set<String> PROPERTIES = Set.of("drive", "serial", "logical_block_size",
            "physical_block_size", "min_io_size", "opt_io_size", "discard_granularity", "bootindex", "scsi",
            "config-wce", "write-cache", "num-queues", "iothread", "ioeventfd", "vectors", "addr", "multifunction",
            "rerror", "werror", "request-merging", "disable-legacy", "disable-modern", "event_idx",
            "indirect_desc", "share-rw", "cyls", "heads", "secs");

    @Reference
    private BlockLayer block;

    @Override
    public String driver() {
        return DRIVER;
    }

    @Override
    public Device create(String id, Map<String, String> properties) throws QmpException {
        for (String p : properties.keySet()) {
            if (!PROPERTIES.contains(p)) {
                throw QmpException.generic("Property '" + DRIVER + "." + p + "' not found");
            }
        }
        String drive = properties.get("drive");
        if (drive == null || drive.isEmpty()) {
            throw QmpException.generic("drive property not set");
        }
        BlockBackend backend = block.graph().backend(drive);
        boolean anonymous = false;
        if (backend == null) {
            BlockNode node = block.graph().node(drive);
            if (node == null) {
                throw QmpException.generic("Property 'virtio-blk-device.drive' can't find value '" + drive + "'");
            }
            for (BlockBackend b : block.graph().backends()) {
                if (b.root() == node && b.attachedDevice() != null) {
                    throw QmpException.generic("Property 'virtio-blk-device.drive' can't take value '" + drive + "', it's in use");
                }
            }
            backend = new BlockBackend("", node);
            anonymous = true;
        } else if (backend.attachedDevice() != null) {
            throw QmpException.generic("Property 'virtio-blk-device.drive' can't take value '" + drive + "', it's in use");
        }
        if (anonymous) {
            block.graph().addBackend(backend);
        }
        backend.attach(id == null ? "" : id);
        return new VirtioBlk(backend, anonymous, properties);
    }

    /** A realized virtio-blk device holding its backend. */
    private final class VirtioBlk implements Device {
        private final BlockBackend backend;
        private final boolean anonymous;
        private final Map<String, Object> props = new LinkedHashMap<>();

        VirtioBlk(BlockBackend backend, boolean anonymous, Map<String, String> properties) {
            this.backend = backend;
            this.anonymous = anonymous;
            props.putAll(properties);
            props.put("type", DRIVER);
        }

        @Override
        public Map<String, Object> properties() {
            return props;
        }

        @Override
        public void unplug() {
            backend.attach(null);
            if (anonymous) {
                block.graph().removeBackend(backend);
            } else if (backend.isLegacyDrive()) {
                block.deleteBackend(backend);
            }
        }
    }
}
