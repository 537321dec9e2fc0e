package org.qmpd.core.dump;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.qmpd.core.api.GuestMemory;
import org.qmpd.core.api.Machine;
import org.qmpd.core.api.PassedFd;
import org.qmpd.core.api.QmpException;
import org.qmpd.core.api.Session;
import org.qmpd.core.api.RunState;
import org.qmpd.core.cpu.Cpus;
import org.qmpd.core.cpu.VirtualCpu;
import org.qmpd.core.cpu.X86State;

/**
 * {@code dump-guest-memory} as QEMU 2.4's {@code qmp_dump_guest_memory}: synchronous; every
 * check in 2.4's order, all of them before the output file is created; then, if the guest
 * runs, it is stopped ({@code save-vm}, STOP) for the dump and resumed after (RESUME), with
 * the vCPU threads parked so that their registers hold still. The file is created with mode
 * 0400 and truncated. {@code fd:} names a descriptor passed with {@code getfd}; qmpd's
 * monitors cannot receive descriptors, so no name is ever found.
 */
@Component(service = GuestMemoryDump.class)
public final class GuestMemoryDump {
    /** The formats of {@code DumpGuestMemoryFormat}. */
    public enum Format {
        ELF("elf"), KDUMP_ZLIB("kdump-zlib"), KDUMP_LZO("kdump-lzo"), KDUMP_SNAPPY("kdump-snappy");

        public final String qapiName;

        Format(String qapiName) {
            this.qapiName = qapiName;
        }
    }

    /** What this build can write, for {@code query-dump-guest-memory-capability}. */
    public static final List<Format> SUPPORTED = List.of(Format.ELF, Format.KDUMP_ZLIB);

    @Reference
    private GuestMemory memory;
    @Reference
    private Machine machine;
    @Reference
    private Cpus cpus;

    /** Dumps guest memory to {@code protocol}; {@code begin}/{@code length} null when absent, {@code format} null for ELF. */
    public void dump(boolean paging, String protocol, Long begin, Long length, Format format, Session session) throws QmpException {
        boolean kdump = format != null && format != Format.ELF;
        if (kdump && (paging || begin != null || length != null)) {
            throw QmpException.generic("kdump-compressed format doesn't support paging or filter");
        }
        if (begin != null && length == null) {
            throw QmpException.generic("Parameter 'length' is missing");
        }
        if (begin == null && length != null) {
            throw QmpException.generic("Parameter 'begin' is missing");
        }
        if (format == Format.KDUMP_LZO) {
            throw QmpException.generic("kdump-lzo is not available now");
        }
        if (format == Format.KDUMP_SNAPPY) {
            throw QmpException.generic("kdump-snappy is not available now");
        }
        String path;
        PassedFd passed = null;
        if (protocol.startsWith("fd:")) {
            passed = session.takeFd(protocol.substring(3));
            if (passed == null) {
                throw QmpException.generic("File descriptor named '" + protocol.substring(3) + "' has not been found");
            }
            path = null;
        } else if (protocol.startsWith("file:")) {
            path = protocol.substring(5);
        } else {
            throw QmpException.generic("Invalid parameter 'protocol'");
        }
        try (PassedFd owned = passed) {
            dumpTo(paging, begin, length, kdump, path, owned);
        }
    }

    private void dumpTo(boolean paging, Long begin, Long length, boolean kdump, String path, PassedFd passed) throws QmpException {
        List<GuestPhysBlock> blocks = GuestPhysBlock.ofPcRam(memory.size());
        ElfCoreWriter.Filter filter = begin == null ? null : new ElfCoreWriter.Filter(begin, length);
        if (filter != null && !overlaps(blocks, filter)) {
            throw QmpException.generic("Invalid parameter 'begin'");
        }
        try (FileChannel out = passed != null ? openPassed(passed) : open(path)) {
            boolean resume = machine.isRunning();
            if (resume) {
                machine.stop(RunState.SAVE_VM);
            }
            try {
                cpus.pauseAll();
                List<X86State> states = new ArrayList<>();
                for (VirtualCpu cpu : cpus.cpus()) {
                    states.add(cpu.state());
                }
                byte[] notes = CpuNotes.build(states);
                DumpSink sink = new DumpSink(out);
                if (kdump) {
                    new KdumpWriter(blocks, notes, states.size()).write(sink, memory);
                } else {
                    List<MemoryMapping> mappings = MemoryMapping.of(blocks, paging);
                    if (filter != null) {
                        mappings = MemoryMapping.filter(mappings, begin, length);
                    }
                    new ElfCoreWriter(blocks, mappings, notes, filter).write(sink, memory);
                }
            } catch (IOException e) {
                throw QmpException.generic("dump: failed to save memory.");
            } finally {
                if (resume) {
                    machine.start();
                }
            }
        } catch (IOException e) {
            throw QmpException.generic("dump: failed to save memory.");
        }
    }

    /** 2.4's {@code get_start_block}: whether any block overlaps the filter. */
    private static boolean overlaps(List<GuestPhysBlock> blocks, ElfCoreWriter.Filter f) {
        for (GuestPhysBlock b : blocks) {
            if (!(b.start() >= f.begin() + f.length() || b.end() <= f.begin())) {
                return true;
            }
        }
        return false;
    }

    /** A descriptor from {@code getfd}, reopened for writing through {@code /proc/self/fd}. */
    static FileChannel openPassed(PassedFd fd) throws QmpException {
        try {
            return FileChannel.open(fd.path(), StandardOpenOption.WRITE);
        } catch (IOException | RuntimeException e) {
            throw QmpException.generic("Could not open '" + fd.path() + "': " + strerror(e));
        }
    }

    /** {@code qemu_open(p, O_WRONLY | O_CREAT | O_TRUNC, S_IRUSR)}, with 2.4's error text. */
    static FileChannel open(String path) throws QmpException {
        Set<PosixFilePermission> readOnly = EnumSet.of(PosixFilePermission.OWNER_READ);
        try {
            return FileChannel.open(Path.of(path), EnumSet.of(StandardOpenOption.WRITE, StandardOpenOption.CREATE,
                    StandardOpenOption.TRUNCATE_EXISTING), PosixFilePermissions.asFileAttribute(readOnly));
        } catch (IOException | RuntimeException e) {
            throw QmpException.generic("Could not open '" + path + "': " + strerror(e));
        }
    }

    /** The C library's words for the error behind {@code e}. */
    static String strerror(Exception e) {
        if (e instanceof NoSuchFileException) {
            return "No such file or directory";
        }
        if (e instanceof AccessDeniedException) {
            return "Permission denied";
        }
        if (e instanceof FileAlreadyExistsException) {
            return "File exists";
        }
        if (e instanceof FileSystemException && ((FileSystemException) e).getReason() != null) {
            return ((FileSystemException) e).getReason();
        }
        if (e instanceof java.nio.file.InvalidPathException) {
            return "No such file or directory";
        }
        return "Input/output error";
    }
}
