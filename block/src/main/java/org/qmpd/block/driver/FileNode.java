package org.qmpd.block.driver;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

import org.qmpd.block.graph.BlockIOException;
import org.qmpd.block.graph.BlockNode;
import org.qmpd.block.graph.NodeOptions;

/**
 * The {@code file} protocol driver: a host file through positional {@link FileChannel} I/O,
 * which many threads may use at once without a lock. Reads past the end of the file return
 * zeroes and writes past it grow the file, as raw-posix does for the formats above it.
 *
 * <p>The file's size is kept here rather than asked of the system on every request (each
 * I/O checks it, and an {@code fstat} per request is a tenth of a 4 KiB write's cost): it is
 * read at open, after a write that may have grown the file, and after a truncation. Like
 * QEMU, qmpd assumes nobody else resizes a file while it has it open.
 */
public final class FileNode extends BlockNode {
    private static final ByteBuffer ONE_ZERO = ByteBuffer.allocateDirect(1);

    private final String filename;
    private final Path path;
    private volatile FileChannel channel;
    /** The file's size as of the last open, growing write or truncation. */
    private final AtomicLong size;
    /** Channels replaced by {@link #reopenDriver}, closed with the node: requests in flight may still use them. */
    private final List<FileChannel> retired = new CopyOnWriteArrayList<>();

    /** Set with {@code cache.direct=on}: the file is open with {@code O_DIRECT}. */
    private final DirectIo direct;

    private FileNode(String filename, Path path, FileChannel channel, NodeOptions options, DirectIo direct) {
        super("file", options);
        this.filename = filename;
        this.path = path;
        this.channel = channel;
        this.direct = direct;
        this.size = new AtomicLong(channelSize(channel));
    }

    private static long channelSize(FileChannel ch) {
        try {
            return ch.size();
        } catch (IOException e) {
            return 0;
        }
    }

    /** After a write up to {@code end}: if that may have grown the file, learn its new size. */
    private void wrote(long end) {
        if (end > size.get()) {
            long now = channelSize(channel);
            size.accumulateAndGet(now, Math::max);
        }
    }

    /** After a truncation: the size is whatever the file now has. */
    private void resized() {
        size.set(channelSize(channel));
    }

    /** Opens the channel, with {@code O_DIRECT} when {@code direct}. */
    private static FileChannel openChannel(Path path, boolean readOnly, boolean direct) throws IOException {
        java.util.List<java.nio.file.OpenOption> o = new java.util.ArrayList<>();
        o.add(StandardOpenOption.READ);
        if (!readOnly) {
            o.add(StandardOpenOption.WRITE);
        }
        if (direct) {
            o.add(DirectIo.directOption());
        }
        return FileChannel.open(path, o.toArray(new java.nio.file.OpenOption[0]));
    }

    /**
     * Opens {@code filename}; failure reads as 2.4's raw-posix reports it:
     * {@code Could not open 'x': No such file or directory}.
     */
    public static FileNode open(String filename, NodeOptions options) throws OpenException {
        Path path = Path.of(filename);
        try {
            if (Files.isDirectory(path)) {
                throw new OpenException("Could not open '" + filename + "': Is a directory");
            }
            FileChannel ch = openChannel(path, options.readOnly(), options.direct());
            DirectIo direct = null;
            if (options.direct()) {
                direct = new DirectIo((int) Math.max(512, Math.min(65536, Files.getFileStore(path).getBlockSize())));
            }
            return new FileNode(filename, path, ch, options, direct);
        } catch (NoSuchFileException e) {
            throw new OpenException("Could not open '" + filename + "': No such file or directory");
        } catch (AccessDeniedException e) {
            throw new OpenException("Could not open '" + filename + "': Permission denied");
        } catch (FileSystemException e) {
            throw new OpenException("Could not open '" + filename + "': " + String.valueOf(e.getReason()));
        } catch (IOException e) {
            throw new OpenException("Could not open '" + filename + "': " + e.getMessage());
        }
    }

    public Path path() {
        return path;
    }

    @Override
    public String filename() {
        return filename;
    }

    @Override
    public long size() {
        return size.get();
    }

    @Override
    public long allocatedFileSize() {
        try {
            Object blocks = Files.getAttribute(path, "unix:blocks");
            if (blocks instanceof Number) {
                return ((Number) blocks).longValue() * 512;
            }
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            // no st_blocks on this JDK: fall back to the apparent size, rounded as a file system would
        }
        return (size() + 4095) & ~4095L;
    }

    @Override
    protected void readAt(long offset, ByteBuffer dst) throws IOException {
        if (direct != null) {
            direct.read(channel, offset, dst);
            return;
        }
        long pos = offset;
        while (dst.hasRemaining()) {
            int n = channel.read(dst, pos);
            if (n < 0) {
                while (dst.hasRemaining()) {
                    dst.put((byte) 0);
                }
                return;
            }
            pos += n;
        }
    }

    @Override
    protected void writeAt(long offset, ByteBuffer src) throws IOException {
        long end = offset + src.remaining();
        if (direct != null) {
            direct.write(channel, offset, src);
            wrote(end);
            return;
        }
        long pos = offset;
        while (src.hasRemaining()) {
            pos += channel.write(src, pos);
        }
        wrote(end);
    }

    @Override
    protected void writeZeroesAt(long offset, long length, boolean mayUnmap) throws IOException {
        if (offset >= size()) {
            // Past the end a hole reads as zeroes: growing the file is enough.
            writeAt(offset + length - 1, ONE_ZERO.duplicate());
            return;
        }
        super.writeZeroesAt(offset, length, mayUnmap);
    }

    @Override
    protected void flushToDisk() throws IOException {
        channel.force(false);
    }

    @Override
    public void resize(long newSize) throws IOException {
        if (isReadOnly()) {
            throw new BlockIOException(BlockIOException.EACCES);
        }
        long current = size();
        if (newSize < current) {
            channel.truncate(newSize);
            resized();
        } else if (newSize > current) {
            writeAt(newSize - 1, ONE_ZERO.duplicate());
        }
    }

    @Override
    protected void reopenDriver(boolean readOnly) throws IOException {
        FileChannel ch = openChannel(path, readOnly, direct != null);
        retired.add(channel);
        channel = ch;
        resized();
    }

    /** Shrinks or grows the host file without the read-only check (qcow2's own metadata use). */
    public void truncate(long newSize) throws IOException {
        channel.truncate(newSize);
        resized();
    }

    @Override
    public void close() throws IOException {
        for (FileChannel ch : retired) {
            ch.close();
        }
        channel.close();
    }
}
