package org.qmpd.core.qmp;

import java.util.Base64;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.qmpd.core.api.Arguments;
import org.qmpd.core.api.CommandHandler;
import org.qmpd.core.api.GuestMemory;
import org.qmpd.core.api.QmpCommand;
import org.qmpd.core.api.QmpException;
import org.qmpd.core.api.Session;

/**
 * {@code x-guest-memory-write} ({@code addr:l,data:s}): experimental, for tests and tools, in
 * the spirit of qtest's {@code b64write}: writes the base64 {@code data} into guest RAM at
 * {@code addr} (a RAM offset), as the guest would, so that dumps and migrations have known
 * contents to carry. Not a QEMU 2.4 command.
 */
@Component(service = CommandHandler.class)
@QmpCommand(name = "x-guest-memory-write", args = "addr:l,data:s")
public final class XGuestMemoryWrite implements CommandHandler {
    @Reference
    private GuestMemory memory;

    @Override
    public Object execute(Arguments args, Session session) throws QmpException {
        byte[] data;
        try {
            data = Base64.getDecoder().decode(args.string("data"));
        } catch (IllegalArgumentException e) {
            throw QmpException.generic("Parameter 'data' expects base64 data");
        }
        long addr = args.integer("addr");
        if (addr < 0 || addr + data.length > memory.size()) {
            throw QmpException.generic("Parameter 'addr' expects an address inside guest RAM");
        }
        memory.write(addr, data, 0, data.length);
        return null;
    }
}
