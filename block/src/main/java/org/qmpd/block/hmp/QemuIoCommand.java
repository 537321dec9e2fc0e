package org.qmpd.block.hmp;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.qmpd.block.graph.BlockBackend;
import org.qmpd.block.graph.BlockNode;
import org.qmpd.block.qemuio.QemuIo;
import org.qmpd.block.service.BlockLayer;
import org.qmpd.core.api.DeviceRegistry;
import org.qmpd.core.api.HmpCommand;
import org.qmpd.core.api.HmpCommandHandler;
import org.qmpd.core.api.Session;

/**
 * HMP {@code qemu-io [-d] DEVICE "COMMAND"}: runs a qemu-io command as guest I/O on a device
 * (2.4 looks devices up by name; a node name is accepted too, and {@code -d} names the
 * guest device using the drive). QEMU prints qemu-io's report on its own stdout; qmpd returns
 * it as the command's output, in the same words.
 */
@Component(service = HmpCommandHandler.class)
@HmpCommand(name = "qemu-io", params = "[-d] [device] \"[command]\"", help = "run a qemu-io command on a block device")
public final class QemuIoCommand implements HmpCommandHandler {
    @Reference
    private BlockLayer block;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile DeviceRegistry devices;

    @Override
    public String execute(String arguments, Session session) {
        String rest = arguments.strip();
        boolean qdev = false;
        if (rest.startsWith("-d ")) {
            qdev = true;
            rest = rest.substring(3).strip();
        }
        int space = rest.indexOf(' ');
        String device = space < 0 ? rest : rest.substring(0, space);
        String command = space < 0 ? "" : unquote(rest.substring(space + 1).strip());
        BlockBackend backend;
        if (qdev) {
            DeviceRegistry registry = devices;
            if (registry == null || registry.find(device) == null) {
                return "Device '" + device + "' not found\n";
            }
            backend = attachedTo(device);
            if (backend == null) {
                return "Device does not have a block device backend\n";
            }
        } else {
            backend = block.graph().backend(device);
            if (backend == null) {
                BlockNode node = block.graph().node(device);
                if (node != null) {
                    backend = new BlockBackend("", node);
                }
            }
            if (backend == null) {
                return "Device '" + device + "' not found\n";
            }
        }
        return QemuIo.run(backend, command);
    }

    private BlockBackend attachedTo(String deviceId) {
        for (BlockBackend b : block.graph().backends()) {
            if (deviceId.equals(b.attachedDevice())) {
                return b;
            }
        }
        return null;
    }

    /** HMP's quoted string: {@code "..."} with backslash escapes, or a bare word. */
    static String unquote(String s) {
        if (!s.startsWith("\"")) {
            return s;
        }
        StringBuilder b = new StringBuilder();
        for (int i = 1; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 1 < s.length()) {
                b.append(s.charAt(++i));
            } else if (c == '"') {
                break;
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }
}
