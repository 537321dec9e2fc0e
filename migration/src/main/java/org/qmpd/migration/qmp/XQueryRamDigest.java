package org.qmpd.migration.qmp;

import com.fasterxml.jackson.annotation.JsonProperty;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.qmpd.core.api.Arguments;
import org.qmpd.core.api.CommandHandler;
import org.qmpd.core.api.GuestMemory;
import org.qmpd.core.api.QmpCommand;
import org.qmpd.core.api.Session;
import org.qmpd.migration.workload.RamDigest;

/**
 * {@code x-query-ram-digest}: the SHA-256 of the guest RAM, its size and its count of zero
 * pages, so that the two ends of a migration can be compared. Experimental, not a QEMU
 * command; it reads the whole RAM under the machine lock.
 */
@Component(service = CommandHandler.class)
@QmpCommand(name = "x-query-ram-digest")
public final class XQueryRamDigest implements CommandHandler {
    /** The answer. */
    public record RamDigestInfo(String sha256, long size, @JsonProperty("zero-pages") long zeroPages) {
    }

    @Reference
    private GuestMemory ram;

    @Override
    public Object execute(Arguments args, Session session) {
        RamDigest.Result r = RamDigest.of(ram);
        return new RamDigestInfo(r.sha256(), r.size(), r.zeroPages());
    }
}
