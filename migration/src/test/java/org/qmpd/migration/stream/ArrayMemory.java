package org.qmpd.migration.stream;

import java.util.ArrayList;
import java.util.List;

import org.qmpd.core.api.GuestMemory;

/** Guest RAM in a byte array with real dirty logs: the core's contract, small enough for unit tests. */
public final class ArrayMemory implements GuestMemory {
    private final byte[] bytes;
    private final List<long[]> logs = new ArrayList<>();

    public ArrayMemory(int size) {
        bytes = new byte[size];
    }

    @Override
    public long size() {
        return bytes.length;
    }

    @Override
    public synchronized void read(long address, byte[] dst, int offset, int length) {
        System.arraycopy(bytes, (int) address, dst, offset, length);
    }

    @Override
    public synchronized void write(long address, byte[] src, int offset, int length) {
        System.arraycopy(src, offset, bytes, (int) address, length);
        for (long[] log : logs) {
            for (long p = address / PAGE_SIZE; p <= (address + length - 1) / PAGE_SIZE; p++) {
                log[(int) (p >>> 6)] |= 1L << (p & 63);
            }
        }
    }

    @Override
    public synchronized boolean isZeroPage(long page) {
        for (int i = 0; i < PAGE_SIZE; i++) {
            if (bytes[(int) (page * PAGE_SIZE) + i] != 0) {
                return false;
            }
        }
        return true;
    }

    @Override
    public synchronized DirtyLog startDirtyLog() {
        long[] log = new long[(int) ((pageCount() + 63) / 64)];
        logs.add(log);
        return new DirtyLog() {
            @Override
            public long[] sync() {
                synchronized (ArrayMemory.this) {
                    long[] out = log.clone();
                    java.util.Arrays.fill(log, 0);
                    return out;
                }
            }

            @Override
            public void close() {
                synchronized (ArrayMemory.this) {
                    logs.remove(log);
                }
            }
        };
    }

    public synchronized byte[] contents() {
        return bytes.clone();
    }
}
