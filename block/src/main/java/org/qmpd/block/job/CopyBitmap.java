package org.qmpd.block.job;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The clusters a backup still has to copy, and the ones being copied right now: QEMU's
 * {@code done_bitmap} and in-flight {@code CowRequest}s in one place. The job and the
 * copy-before-write hook of every guest write {@link #claim claim} clusters before they copy
 * them; a claimed cluster belongs to one copier until it is {@link #done} (copied, never
 * copied again) or {@link #release released} (the copy failed, it is still to copy). A guest
 * write waits for the copies in flight in its range, so it can never land while its old data
 * is being read.
 *
 * <p>Thread-safe; one lock, held only to look at and flip bits.
 */
final class CopyBitmap {
    /** A run of clusters {@code [start, end)}. */
    record Run(long start, long end) {
        long clusters() {
            return end - start;
        }
    }

    private final long clusters;
    private final long[] todo;
    private final long[] inFlight;
    private long remaining;
    private boolean closed;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();

    /** {@code clusters} clusters, all to copy when {@code all}, else none yet (see {@link #mark}). */
    CopyBitmap(long clusters, boolean all) {
        this.clusters = clusters;
        this.todo = new long[(int) ((clusters + 63) >>> 6)];
        this.inFlight = new long[todo.length];
        if (all) {
            mark(0, clusters);
        }
    }

    long clusters() {
        return clusters;
    }

    /** Adds {@code [start, end)} to the clusters to copy (while the job is set up). */
    void mark(long start, long end) {
        lock.lock();
        try {
            for (long c = Math.max(0, start); c < Math.min(end, clusters); c++) {
                if (!get(todo, c)) {
                    todo[(int) (c >>> 6)] |= 1L << c;
                    remaining++;
                }
            }
        } finally {
            lock.unlock();
        }
    }

    /** A copy of the clusters still to copy, as words (bit {@code c % 64} of word {@code c / 64}). */
    long[] snapshot() {
        lock.lock();
        try {
            return todo.clone();
        } finally {
            lock.unlock();
        }
    }

    /** How many clusters are still to copy (in flight included). */
    long remaining() {
        lock.lock();
        try {
            return remaining;
        } finally {
            lock.unlock();
        }
    }

    private static boolean get(long[] bits, long c) {
        return (bits[(int) (c >>> 6)] & (1L << c)) != 0;
    }

    private static void set(long[] bits, long c, boolean v) {
        if (v) {
            bits[(int) (c >>> 6)] |= 1L << c;
        } else {
            bits[(int) (c >>> 6)] &= ~(1L << c);
        }
    }

    /** Whether cluster {@code c} is to copy and free to claim. */
    private boolean claimable(long c) {
        return get(todo, c) && !get(inFlight, c);
    }

    /**
     * For the job: claims the first run of at most {@code max} claimable clusters at or after
     * {@code from}; null if there is none there.
     */
    Run claimNext(long from, int max) {
        lock.lock();
        try {
            if (closed) {
                return null;
            }
            long c = from;
            while (c < clusters) {
                int w = (int) (c >>> 6);
                long word = todo[w] & ~inFlight[w] & (-1L << c);
                if (word == 0) {
                    c = (long) (w + 1) << 6;
                    continue;
                }
                long start = ((long) w << 6) + Long.numberOfTrailingZeros(word);
                if (start >= clusters) {
                    return null;
                }
                long end = start;
                while (end < clusters && end - start < max && claimable(end)) {
                    set(inFlight, end, true);
                    end++;
                }
                return new Run(start, end);
            }
            return null;
        } finally {
            lock.unlock();
        }
    }

    /**
     * For a guest write over clusters {@code [first, last]}: waits until none of them is in
     * flight, then claims every one still to copy. Returns the claimed runs (maybe none);
     * nothing once the bitmap is {@link #close closed}.
     */
    List<Run> claimRange(long first, long last) throws InterruptedException {
        last = Math.min(last, clusters - 1);
        lock.lock();
        try {
            outer:
            while (!closed) {
                for (long c = first; c <= last; c++) {
                    if (get(inFlight, c)) {
                        changed.await();
                        continue outer;
                    }
                }
                List<Run> runs = new ArrayList<>(1);
                long c = first;
                while (c <= last) {
                    if (!get(todo, c)) {
                        c++;
                        continue;
                    }
                    long start = c;
                    while (c <= last && get(todo, c)) {
                        set(inFlight, c, true);
                        c++;
                    }
                    runs.add(new Run(start, c));
                }
                return runs;
            }
            return List.of();
        } finally {
            lock.unlock();
        }
    }

    /** The claimed run is copied: its clusters are never copied again. */
    void done(Run r) {
        lock.lock();
        try {
            for (long c = r.start(); c < r.end(); c++) {
                set(inFlight, c, false);
                if (get(todo, c)) {
                    set(todo, c, false);
                    remaining--;
                }
            }
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** The copy of the claimed run failed: its clusters are still to copy. */
    void release(Run r) {
        lock.lock();
        try {
            for (long c = r.start(); c < r.end(); c++) {
                set(inFlight, c, false);
            }
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Waits (at most {@code millis}) for a claimed run to be done or released; false if nothing is in flight. */
    boolean awaitInFlight(long millis) throws InterruptedException {
        lock.lock();
        try {
            if (!anyInFlight()) {
                return false;
            }
            changed.await(millis, TimeUnit.MILLISECONDS);
            return true;
        } finally {
            lock.unlock();
        }
    }

    private boolean anyInFlight() {
        for (long w : inFlight) {
            if (w != 0) {
                return true;
            }
        }
        return false;
    }

    /** No more claims from now on; waits for the copies in flight to end. */
    void close() throws InterruptedException {
        lock.lock();
        try {
            closed = true;
            while (anyInFlight()) {
                changed.await();
            }
        } finally {
            lock.unlock();
        }
    }
}
