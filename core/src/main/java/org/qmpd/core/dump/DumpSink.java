package org.qmpd.core.dump;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;

/** Sequential, buffered output to the dump's file or descriptor, counting what was written. */
final class DumpSink {
    private final WritableByteChannel out;
    private final ByteBuffer buffer = ByteBuffer.allocate(1 << 20);
    private long written;

    DumpSink(WritableByteChannel out) {
        this.out = out;
    }

    void write(byte[] bytes, int offset, int length) throws IOException {
        while (length > 0) {
            if (!buffer.hasRemaining()) {
                drain();
            }
            int n = Math.min(length, buffer.remaining());
            buffer.put(bytes, offset, n);
            offset += n;
            length -= n;
            written += n;
        }
    }

    void write(byte[] bytes) throws IOException {
        write(bytes, 0, bytes.length);
    }

    /** Bytes written so far, buffered or not. */
    long written() {
        return written;
    }

    void flush() throws IOException {
        drain();
    }

    private void drain() throws IOException {
        buffer.flip();
        while (buffer.hasRemaining()) {
            out.write(buffer);
        }
        buffer.clear();
    }
}
