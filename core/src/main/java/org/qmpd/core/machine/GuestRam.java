package org.qmpd.core.machine;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLongArray;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.qmpd.core.api.GuestMemory;

/**
 * Guest RAM as QEMU allocates it: an anonymous-like mapping that costs nothing until touched.
 * The bytes live in a deleted file on tmpfs ({@code /dev/shm} where it exists), mapped in
 * chunks of at most 1 GiB, so a 4 GiB guest that wrote 10 MiB holds 10 MiB. The size is that
 * of {@code -m}, fixed at first use.
 */
@Component(service = GuestMemory.class)
public final class GuestRam implements GuestMemory {
    static final int CHUNK_SHIFT = 30;
    static final long CHUNK = 1L << CHUNK_SHIFT;
    private static final ByteBuffer ZERO_PAGE = ByteBuffer.allocateDirect(PAGE_SIZE);

    @Reference
    private MachineState machine;

    private volatile MappedByteBuffer[] chunks;
    private long size;
    private FileChannel file;
    private final List<Log> logs = new CopyOnWriteArrayList<>();
    /** Pages ever written: the others are holes of the tmpfs file, zero without touching them. */
    private volatile Log written;

    private MappedByteBuffer[] chunks() {
        MappedByteBuffer[] c = chunks;
        if (c == null) {
            synchronized (this) {
                c = chunks;
                if (c == null) {
                    c = map(machine.ramSize());
                    chunks = c;
                }
            }
        }
        return c;
    }

    private MappedByteBuffer[] map(long bytes) {
        try {
            Path dir = Files.isDirectory(Path.of("/dev/shm")) ? Path.of("/dev/shm") : Path.of(System.getProperty("java.io.tmpdir"));
            Path path = Files.createTempFile(dir, "qmpd-ram-", ".bin");
            file = FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE, StandardOpenOption.DELETE_ON_CLOSE);
            Files.deleteIfExists(path); // DELETE_ON_CLOSE has already unlinked it on Linux
            file.truncate(0);
            size = bytes;
            int n = (int) ((bytes + CHUNK - 1) >>> CHUNK_SHIFT);
            MappedByteBuffer[] mapped = new MappedByteBuffer[n];
            for (int i = 0; i < n; i++) {
                long length = Math.min(CHUNK, bytes - ((long) i << CHUNK_SHIFT));
                mapped[i] = file.map(FileChannel.MapMode.READ_WRITE, (long) i << CHUNK_SHIFT, length);
            }
            written = new Log((bytes + PAGE_SIZE - 1) / PAGE_SIZE);
            return mapped;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot allocate " + bytes + " bytes of guest RAM", e);
        }
    }

    @Deactivate
    void deactivate() throws IOException {
        if (file != null) {
            file.close();
        }
    }

    @Override
    public long size() {
        return chunks == null ? machine.ramSize() : size;
    }

    @Override
    public void read(long address, byte[] dst, int offset, int length) {
        check(address, length);
        MappedByteBuffer[] c = chunks();
        while (length > 0) {
            int chunk = (int) (address >>> CHUNK_SHIFT);
            int at = (int) (address & (CHUNK - 1));
            int n = (int) Math.min(length, c[chunk].capacity() - at);
            c[chunk].get(at, dst, offset, n);
            address += n;
            offset += n;
            length -= n;
        }
    }

    @Override
    public void write(long address, byte[] src, int offset, int length) {
        check(address, length);
        MappedByteBuffer[] c = chunks();
        long first = address / PAGE_SIZE;
        long last = (address + length - 1) / PAGE_SIZE;
        while (length > 0) {
            int chunk = (int) (address >>> CHUNK_SHIFT);
            int at = (int) (address & (CHUNK - 1));
            int n = (int) Math.min(length, c[chunk].capacity() - at);
            c[chunk].put(at, src, offset, n);
            address += n;
            offset += n;
            length -= n;
        }
        markWritten(first, last);
    }

    private void markWritten(long first, long last) {
        written.mark(first, last);
        for (Log log : logs) {
            log.mark(first, last);
        }
    }

    /**
     * Writes through the file rather than the mapping: no page fault per newly touched page. If
     * an interrupt closed the file's channel (as any FileChannel closes when a thread blocked in
     * it is interrupted), the mapping, which stays valid, serves instead.
     */
    @Override
    public void write(long address, ByteBuffer src) {
        int length = src.remaining();
        if (length == 0) {
            return;
        }
        check(address, length);
        MappedByteBuffer[] c = chunks();
        int start = src.position();
        try {
            for (long at = address; src.hasRemaining();) {
                at += file.write(src, at);
            }
        } catch (IOException e) {
            if (file.isOpen()) {
                throw new UncheckedIOException("cannot write guest RAM", e);
            }
            src.position(start);
            for (long at = address; src.hasRemaining();) {
                int chunk = (int) (at >>> CHUNK_SHIFT);
                int off = (int) (at & (CHUNK - 1));
                int n = Math.min(src.remaining(), c[chunk].capacity() - off);
                c[chunk].put(off, src, src.position(), n);
                src.position(src.position() + n);
                at += n;
            }
        }
        markWritten(address / PAGE_SIZE, (address + length - 1) / PAGE_SIZE);
    }

    @Override
    public boolean isZeroPage(long page) {
        long address = page * PAGE_SIZE;
        check(address, PAGE_SIZE);
        MappedByteBuffer[] c = chunks();
        if (!written.isSet(page)) {
            return true;
        }
        MappedByteBuffer chunk = c[(int) (address >>> CHUNK_SHIFT)];
        int at = (int) (address & (CHUNK - 1));
        return chunk.slice(at, PAGE_SIZE).mismatch(ZERO_PAGE.duplicate()) < 0;
    }

    /**
     * Counts the pages never written, a 64-bit word of the written bitmap at a time, and stops at
     * the first page written (zero or not): reading it through the mapping could fault it in,
     * which costs more than the caller's own read.
     */
    @Override
    public long countZeroPages(long page, long max) {
        check(page * PAGE_SIZE, max * PAGE_SIZE);
        if (chunks == null) {
            // RAM never mapped was never written: all of it is zero, and stays unmapped (mapping
            // a gigabyte costs a fresh process tens of milliseconds, a migration of zeros less)
            return max;
        }
        long n = 0;
        while (n < max) {
            long p = page + n;
            if ((p & 63) == 0 && max - n >= 64 && written.word((int) (p >>> 6)) == 0) {
                n += 64;
            } else if (!written.isSet(p)) {
                n++;
            } else {
                break;
            }
        }
        return n;
    }

    /** Reads through the file (pread): no page fault for pages this process never mapped. */
    @Override
    public void read(long address, ByteBuffer dst) {
        int length = dst.remaining();
        check(address, length);
        MappedByteBuffer[] c = chunks();
        int start = dst.position();
        try {
            for (long at = address; dst.hasRemaining();) {
                int n = file.read(dst, at);
                if (n < 0) {
                    // past the end of a file never written that far: holes read as zeros
                    while (dst.hasRemaining()) {
                        dst.put((byte) 0);
                    }
                    break;
                }
                at += n;
            }
        } catch (IOException e) {
            if (file.isOpen()) {
                throw new UncheckedIOException("cannot read guest RAM", e);
            }
            dst.position(start);
            for (long at = address; dst.hasRemaining();) {
                int chunk = (int) (at >>> CHUNK_SHIFT);
                int off = (int) (at & (CHUNK - 1));
                int n = Math.min(dst.remaining(), c[chunk].capacity() - off);
                dst.put(dst.position(), c[chunk], off, n);
                dst.position(dst.position() + n);
                at += n;
            }
        }
    }

    private void check(long address, long length) {
        if (address < 0 || length < 0 || address + length > size()) {
            throw new IndexOutOfBoundsException("guest address " + address + "+" + length + " outside RAM of " + size() + " bytes");
        }
    }

    @Override
    public DirtyLog startDirtyLog() {
        Log log = new Log(pageCount());
        logs.add(log);
        return log;
    }

    /** One open dirty log: a bitmap set by writers and swapped out by {@link #sync()}. */
    private final class Log implements DirtyLog {
        private final AtomicLongArray bits;

        Log(long pages) {
            bits = new AtomicLongArray((int) ((pages + 63) / 64));
        }

        long word(int index) {
            return bits.get(index);
        }

        boolean isSet(long page) {
            return (bits.get((int) (page >>> 6)) & (1L << (page & 63))) != 0;
        }

        void mark(long first, long last) {
            for (long p = first; p <= last; p++) {
                int word = (int) (p >>> 6);
                long bit = 1L << (p & 63);
                long old = bits.get(word);
                if ((old & bit) == 0) {
                    bits.getAndAccumulate(word, bit, (a, b) -> a | b);
                }
            }
        }

        @Override
        public long[] sync() {
            long[] out = new long[bits.length()];
            for (int i = 0; i < out.length; i++) {
                if (bits.get(i) != 0) {
                    out[i] = bits.getAndSet(i, 0);
                }
            }
            return out;
        }

        @Override
        public void close() {
            logs.remove(this);
        }
    }
}
