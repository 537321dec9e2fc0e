package org.qmpd.block.qcow2;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.util.Iterator;
import java.util.concurrent.ConcurrentHashMap;

import org.qmpd.block.graph.BlkDebugEvent;
import org.qmpd.block.graph.BlockNode;

/**
 * Cached L2 tables of a qcow2 image, keyed by their offset in the file. Readers look entries
 * up without a lock; a table is loaded at most once ({@code computeIfAbsent}) and entries are
 * published with release/acquire semantics. Tables are only changed, and only evicted, by
 * the holder of the node's metadata lock, so a cached table is never older than the file.
 */
final class L2Cache {
    private static final VarHandle ENTRY = MethodHandles.arrayElementVarHandle(long[].class);

    private final BlockNode file;
    private final int entries;
    private final int capacity;
    private final ConcurrentHashMap<Long, long[]> tables = new ConcurrentHashMap<>();

    L2Cache(BlockNode file, int clusterSize, long cacheBytes) {
        this.file = file;
        this.entries = clusterSize / 8;
        this.capacity = (int) Math.max(16, cacheBytes / clusterSize);
    }

    /** The table at {@code offset}, loading it if needed. */
    long[] table(long offset) throws IOException {
        long[] t = tables.get(offset);
        if (t != null) {
            return t;
        }
        try {
            return tables.computeIfAbsent(offset, this::load);
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    private long[] load(long offset) {
        try {
            ByteBuffer buf = ByteBuffer.allocate(entries * 8);
            file.debugEvent(BlkDebugEvent.L2_LOAD);
            file.read(offset, buf);
            long[] t = new long[entries];
            for (int i = 0; i < entries; i++) {
                t[i] = buf.getLong(i * 8);
            }
            return t;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Installs a table just written (a new L2 table); metadata lock held. */
    void install(long offset, long[] table) {
        tables.put(offset, table);
    }

    static long get(long[] table, int index) {
        return (long) ENTRY.getAcquire(table, index);
    }

    /** Changes an entry in memory; metadata lock held, the caller writes it through. */
    static void set(long[] table, int index, long value) {
        ENTRY.setRelease(table, index, value);
    }

    /** Drops a table (it was freed); metadata lock held. */
    void drop(long offset) {
        tables.remove(offset);
    }

    /** Evicts tables beyond the capacity; metadata lock held, so no table is being changed. */
    void trim() {
        int excess = tables.size() - capacity;
        if (excess <= 0) {
            return;
        }
        Iterator<Long> it = tables.keySet().iterator();
        while (excess-- > 0 && it.hasNext()) {
            it.next();
            it.remove();
        }
    }
}
