package org.qmpd.core.qmp;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.qmpd.core.api.Arguments;
import org.qmpd.core.api.CommandHandler;
import org.qmpd.core.api.QmpCommand;
import org.qmpd.core.api.QmpException;
import org.qmpd.core.api.Session;
import org.qmpd.core.dump.GuestMemoryDump;

/**
 * {@code dump-guest-memory}: {@code begin} and {@code length} as the schema documents them
 * (DESIGN.md's decision; 2.4's hx table said {@code end}); {@code format} is checked as the
 * QAPI enum first ({@code Invalid parameter 'x'}), then the dump runs synchronously.
 */
@Component(service = CommandHandler.class)
@QmpCommand(name = "dump-guest-memory", args = "paging:b,protocol:s,begin:i?,length:i?,format:s?",
        params = "-p protocol [begin] [length] [format]", help = "dump guest memory to file")
public final class DumpGuestMemory implements CommandHandler {
    @Reference
    private GuestMemoryDump dump;

    @Override
    public Object execute(Arguments args, Session session) throws QmpException {
        String name = args.enumValue("format", null, "elf", "kdump-zlib", "kdump-lzo", "kdump-snappy");
        GuestMemoryDump.Format format = null;
        for (GuestMemoryDump.Format f : GuestMemoryDump.Format.values()) {
            if (f.qapiName.equals(name)) {
                format = f;
            }
        }
        Long begin = args.has("begin") ? args.integer("begin") : null;
        Long length = args.has("length") ? args.integer("length") : null;
        dump.dump(args.bool("paging", false), args.string("protocol"), begin, length, format, session);
        return null;
    }
}
