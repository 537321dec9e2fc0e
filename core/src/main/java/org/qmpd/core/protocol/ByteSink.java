package org.qmpd.core.protocol;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** A growable byte buffer for encoding; not thread-safe. */
final class ByteSink {
    private byte[] buf;
    private int size;

    ByteSink(int capacity) {
        buf = new byte[capacity];
    }

    void ensure(int more) {
        if (size + more > buf.length) {
            // Room for what follows a large string too, so it is copied once, not again at its end.
            int needed = size + more;
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, needed + (needed >>> 3) + 64));
        }
    }

    void put(byte b) {
        if (size == buf.length) {
            buf = Arrays.copyOf(buf, buf.length * 2);
        }
        buf[size++] = b;
    }

    void putAscii(String s) {
        int len = s.length();
        ensure(len);
        for (int i = 0; i < len; i++) {
            buf[size++] = (byte) s.charAt(i);
        }
    }

    byte[] toArray() {
        return Arrays.copyOf(buf, size);
    }

    String toAscii() {
        return new String(buf, 0, size, StandardCharsets.US_ASCII);
    }
}
