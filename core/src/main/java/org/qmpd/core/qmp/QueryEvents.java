package org.qmpd.core.qmp;

import java.util.List;
import java.util.stream.Collectors;

import org.osgi.service.component.annotations.Component;
import org.qmpd.core.api.Arguments;
import org.qmpd.core.api.CommandHandler;
import org.qmpd.core.api.QmpCommand;
import org.qmpd.core.api.Session;

/** {@code query-events}: every event of QEMU 2.4's schema, as its {@code QAPIEvent} enum lists them. */
@Component(service = CommandHandler.class)
@QmpCommand(name = "query-events")
public final class QueryEvents implements CommandHandler {
    /** {@code EventInfo}. */
    public record EventInfo(String name) {
    }

    static final List<String> EVENTS = List.of(
            "BLOCK_IMAGE_CORRUPTED", "BLOCK_IO_ERROR", "BLOCK_JOB_COMPLETED", "BLOCK_JOB_CANCELLED",
            "BLOCK_JOB_ERROR", "BLOCK_JOB_READY", "BLOCK_WRITE_THRESHOLD", "DEVICE_TRAY_MOVED",
            "SHUTDOWN", "POWERDOWN", "RESET", "STOP", "RESUME", "SUSPEND", "SUSPEND_DISK", "WAKEUP",
            "RTC_CHANGE", "WATCHDOG", "DEVICE_DELETED", "NIC_RX_FILTER_CHANGED",
            "VNC_CONNECTED", "VNC_INITIALIZED", "VNC_DISCONNECTED",
            "SPICE_CONNECTED", "SPICE_INITIALIZED", "SPICE_DISCONNECTED", "SPICE_MIGRATE_COMPLETED",
            "MIGRATION", "ACPI_DEVICE_OST", "BALLOON_CHANGE", "GUEST_PANICKED",
            "QUORUM_FAILURE", "QUORUM_REPORT_BAD", "VSERPORT_CHANGE");

    @Override
    public Object execute(Arguments args, Session session) {
        return EVENTS.stream().map(EventInfo::new).collect(Collectors.toList());
    }
}
