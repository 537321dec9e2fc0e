package org.qmpd.block.driver;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.OpenOption;
import java.util.concurrent.locks.ReentrantLock;

/**
 * I/O on a file opened with {@code O_DIRECT} ({@code cache.direct=on}, {@code cache=none}),
 * where the kernel demands offsets, lengths and buffer addresses aligned to the file system's
 * block: aligned requests go straight through; others use an aligned bounce buffer, a write
 * doing read-modify-write of its partial first and last blocks under a lock on those blocks
 * (so two writers sharing a block both land), as QEMU's block layer does for unaligned
 * requests.
 */
final class DirectIo {
    private static final int STRIPES = 64;

    private final int align;
    private final ReentrantLock[] stripes = new ReentrantLock[STRIPES];
    private final ThreadLocal<ByteBuffer[]> bounce = ThreadLocal.withInitial(() -> new ByteBuffer[1]);

    DirectIo(int align) {
        this.align = align;
        for (int i = 0; i < STRIPES; i++) {
            stripes[i] = new ReentrantLock();
        }
    }

    /** {@code com.sun.nio.file.ExtendedOpenOption.DIRECT}, looked up so the bundle imports no JDK-internal package. */
    static OpenOption directOption() throws IOException {
        try {
            @SuppressWarnings({"unchecked", "rawtypes"})
            Class<? extends Enum> c = (Class<? extends Enum>) ClassLoader.getPlatformClassLoader()
                    .loadClass("com.sun.nio.file.ExtendedOpenOption");
            @SuppressWarnings("unchecked")
            Object direct = Enum.valueOf(c, "DIRECT");
            return (OpenOption) direct;
        } catch (ReflectiveOperationException | IllegalArgumentException e) {
            throw new IOException("O_DIRECT is not available on this Java runtime", e);
        }
    }

    private boolean aligned(long offset, int length, ByteBuffer buf) {
        return offset % align == 0 && length % align == 0 && buf.isDirect()
                && buf.alignmentOffset(buf.position(), align) == 0;
    }

    private ByteBuffer bounce(int size) {
        ByteBuffer[] slot = bounce.get();
        if (slot[0] == null || slot[0].capacity() < size) {
            int cap = Math.max(size, 1 << 20);
            slot[0] = ByteBuffer.allocateDirect(cap + align).alignedSlice(align);
        }
        return slot[0].clear().limit(size);
    }

    /** Reads fully, zeroes past the end of the file (a short read at an unaligned end is the end). */
    private void readFully(FileChannel ch, ByteBuffer b, long at) throws IOException {
        while (b.hasRemaining()) {
            int n = ch.read(b, at);
            if (n <= 0 || (at + n) % align != 0) {
                while (b.hasRemaining()) {
                    b.put((byte) 0);
                }
                return;
            }
            at += n;
        }
    }

    void read(FileChannel ch, long offset, ByteBuffer dst) throws IOException {
        int length = dst.remaining();
        if (aligned(offset, length, dst)) {
            readFully(ch, dst, offset);
            return;
        }
        long start = offset - offset % align;
        long end = (offset + length + align - 1) / align * align;
        ByteBuffer b = bounce((int) (end - start));
        readFully(ch, b, start);
        b.limit((int) (offset - start) + length).position((int) (offset - start));
        dst.put(b);
    }

    void write(FileChannel ch, long offset, ByteBuffer src) throws IOException {
        int length = src.remaining();
        if (aligned(offset, length, src)) {
            writeFully(ch, src, offset);
            return;
        }
        long start = offset - offset % align;
        long end = (offset + length + align - 1) / align * align;
        int i = (int) ((start / align) % STRIPES);
        int j = (int) (((end - 1) / align) % STRIPES);
        ReentrantLock a = stripes[Math.min(i, j)];
        ReentrantLock z = stripes[Math.max(i, j)];
        a.lock();
        z.lock();
        try {
            long size = ch.size();
            ByteBuffer b = bounce((int) (end - start));
            readFully(ch, b, start);
            b.clear().limit((int) (end - start)).position((int) (offset - start));
            b.put(src);
            b.clear().limit((int) (end - start));
            writeFully(ch, b, start);
            if (end > size && offset + length < end) {
                // the padding of the last block must not grow the file
                ch.truncate(Math.max(size, offset + length));
            }
        } finally {
            z.unlock();
            a.unlock();
        }
    }

    private static void writeFully(FileChannel ch, ByteBuffer b, long at) throws IOException {
        while (b.hasRemaining()) {
            at += ch.write(b, at);
        }
    }
}
