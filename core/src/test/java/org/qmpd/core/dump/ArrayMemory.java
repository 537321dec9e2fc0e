package org.qmpd.core.dump;

import org.qmpd.core.api.GuestMemory;

/** Guest memory in a byte array, for tests of the writers. */
final class ArrayMemory implements GuestMemory {
    final byte[] bytes;

    ArrayMemory(int size) {
        bytes = new byte[size];
    }

    @Override
    public long size() {
        return bytes.length;
    }

    @Override
    public void read(long address, byte[] dst, int offset, int length) {
        System.arraycopy(bytes, (int) address, dst, offset, length);
    }

    @Override
    public void write(long address, byte[] src, int offset, int length) {
        System.arraycopy(src, offset, bytes, (int) address, length);
    }

    @Override
    public boolean isZeroPage(long page) {
        for (int i = 0; i < PAGE_SIZE; i++) {
            if (bytes[(int) (page * PAGE_SIZE) + i] != 0) {
                return false;
            }
        }
        return true;
    }

    @Override
    public DirtyLog startDirtyLog() {
        throw new UnsupportedOperationException();
    }
}
