package org.qmpd.migration.qmp;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.qmpd.core.api.Arguments;
import org.qmpd.core.api.CommandHandler;
import org.qmpd.core.api.QmpCommand;
import org.qmpd.core.api.QmpException;
import org.qmpd.core.api.Session;
import org.qmpd.migration.workload.GuestWorkload;
import org.qmpd.migration.workload.Pattern;

/**
 * {@code x-guest-workload}: starts ({@code action: start}) or stops the built-in guest that
 * dirties {@code rate} bytes of RAM per second (default 1 MiB/s) with {@code pattern}
 * ({@code random}, default, {@code sequential}, {@code text}, {@code sequential-text} or {@code zero}), and, with
 * {@code device}, writes {@code disk-rate} bytes per second (default 1 MiB/s) of random 4 KiB
 * blocks to that block device. Starting a running workload changes its parameters.
 * Experimental, not a QEMU command; see {@code migration/WORKLOAD.md}.
 */
@Component(service = CommandHandler.class)
@QmpCommand(name = "x-guest-workload", args = "action:s,rate:o?,pattern:s?,device:s?,disk-rate:o?")
public final class XGuestWorkload implements CommandHandler {
    static final long DEFAULT_RATE = 1L << 20;

    @Reference
    private GuestWorkload workload;

    @Override
    public Object execute(Arguments args, Session session) throws QmpException {
        String action = args.enumValue("action", null, "start", "stop");
        if (action.equals("stop")) {
            workload.stop();
            return null;
        }
        Pattern pattern = Pattern.of(args.enumValue("pattern", "random", Pattern.names()));
        long rate = args.integer("rate", DEFAULT_RATE);
        long diskRate = args.integer("disk-rate", DEFAULT_RATE);
        if (rate < 0) {
            throw QmpException.generic("Parameter 'rate' expects a non-negative number of bytes per second");
        }
        if (diskRate < 0) {
            throw QmpException.generic("Parameter 'disk-rate' expects a non-negative number of bytes per second");
        }
        String device = args.string("device");
        if (device == null && args.has("disk-rate")) {
            throw QmpException.generic("Parameter 'device' is missing");
        }
        if (device != null) {
            workload.checkDevice(device);
        }
        workload.start(new GuestWorkload.Config(rate, pattern, device, device == null ? 0 : diskRate));
        return null;
    }
}
