package org.qmpd.migration.qmp;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.qmpd.core.api.Arguments;
import org.qmpd.core.api.CommandHandler;
import org.qmpd.core.api.QmpCommand;
import org.qmpd.core.api.Session;
import org.qmpd.migration.workload.GuestWorkload;

/**
 * {@code x-query-guest-workload}: whether the built-in guest workload is on, its parameters,
 * the {@code auto-converge} throttle it runs under, and what it has written. Experimental.
 */
@Component(service = CommandHandler.class)
@QmpCommand(name = "x-query-guest-workload")
public final class XQueryGuestWorkload implements CommandHandler {
    /** The answer; the parameters are absent while the workload is off. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record WorkloadInfo(boolean active, Long rate, String pattern, String device,
            @JsonProperty("disk-rate") Long diskRate, long throttle,
            @JsonProperty("pages-written") long pagesWritten,
            @JsonProperty("disk-bytes-written") long diskBytesWritten) {
    }

    @Reference
    private GuestWorkload workload;

    @Override
    public Object execute(Arguments args, Session session) {
        GuestWorkload.Status s = workload.status();
        GuestWorkload.Config c = s.config();
        return new WorkloadInfo(c != null, c == null ? null : c.rate(), c == null ? null : c.pattern().qapiName(),
                c == null ? null : c.device(), c == null || c.device() == null ? null : c.diskRate(), s.throttle(),
                s.pagesWritten(), s.diskBytesWritten());
    }
}
