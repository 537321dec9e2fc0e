package org.qmpd.core.qmp;

import java.util.ArrayList;
import java.util.List;

import org.osgi.service.component.annotations.Component;
import org.qmpd.core.api.Arguments;
import org.qmpd.core.api.CommandHandler;
import org.qmpd.core.api.QmpCommand;
import org.qmpd.core.api.Session;
import org.qmpd.core.dump.GuestMemoryDump;

/** {@code query-dump-guest-memory-capability}: the formats this build writes (no lzo, no snappy). */
@Component(service = CommandHandler.class)
@QmpCommand(name = "query-dump-guest-memory-capability")
public final class QueryDumpGuestMemoryCapability implements CommandHandler {
    /** {@code DumpGuestMemoryCapability}. */
    public record DumpGuestMemoryCapability(List<String> formats) {
    }

    @Override
    public Object execute(Arguments args, Session session) {
        List<String> formats = new ArrayList<>();
        for (GuestMemoryDump.Format f : GuestMemoryDump.SUPPORTED) {
            formats.add(f.qapiName);
        }
        return new DumpGuestMemoryCapability(formats);
    }
}
