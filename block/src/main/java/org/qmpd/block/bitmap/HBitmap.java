package org.qmpd.block.bitmap;

import java.util.Arrays;

/**
 * A hierarchical bitmap in the spirit of QEMU's {@code util/hbitmap.c}: the bottom level holds
 * one bit per item; each level above holds one bit per 64-bit word of the level below, set
 * while that word is non-zero. Setting or resetting a range touches only the words of that
 * range (and their few ancestors); {@link #next(long)} skips empty regions 64^k items at a
 * time; {@link #count()} is kept up to date as bits change.
 *
 * <p>Not thread-safe: {@link DirtyBitmap} serialises access.
 */
public final class HBitmap {
    private static final int SHIFT = 6;
    private static final int BITS = 64;

    private long size;
    /** levels[0] is the top (a single word), levels[levels.length - 1] the bits themselves. */
    private long[][] levels;
    private long count;

    public HBitmap(long size) {
        if (size < 0) {
            throw new IllegalArgumentException("negative size " + size);
        }
        this.size = size;
        this.levels = allocate(size);
    }

    private static long[][] allocate(long size) {
        int depth = 1;
        long words = wordsFor(size);
        while (words > 1) {
            depth++;
            words = wordsFor(words);
        }
        long[][] levels = new long[depth][];
        long n = size;
        for (int i = depth - 1; i >= 0; i--) {
            long w = Math.max(1, wordsFor(n));
            if (w > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("bitmap too large: " + size + " bits");
            }
            levels[i] = new long[(int) w];
            n = w;
        }
        return levels;
    }

    private static long wordsFor(long bits) {
        return (bits + BITS - 1) >>> SHIFT;
    }

    /** The number of items (bits). */
    public long size() {
        return size;
    }

    /** How many bits are set. */
    public long count() {
        return count;
    }

    public boolean get(long item) {
        if (item < 0 || item >= size) {
            return false;
        }
        long[] bottom = levels[levels.length - 1];
        return (bottom[(int) (item >>> SHIFT)] & (1L << item)) != 0;
    }

    /** Sets bits {@code [start, start + n)}, clipped to the bitmap. */
    public void set(long start, long n) {
        long end = Math.min(size, start + n);
        start = Math.max(0, start);
        if (start >= end) {
            return;
        }
        long[] bottom = levels[levels.length - 1];
        int first = (int) (start >>> SHIFT);
        int last = (int) ((end - 1) >>> SHIFT);
        for (int w = first; w <= last; w++) {
            long mask = rangeMask(w, start, end);
            long old = bottom[w];
            long now = old | mask;
            if (now != old) {
                bottom[w] = now;
                count += Long.bitCount(now) - Long.bitCount(old);
                if (old == 0) {
                    markUp(levels.length - 2, w);
                }
            }
        }
    }

    /** Clears bits {@code [start, start + n)}, clipped to the bitmap. */
    public void reset(long start, long n) {
        long end = Math.min(size, start + n);
        start = Math.max(0, start);
        if (start >= end) {
            return;
        }
        long[] bottom = levels[levels.length - 1];
        int first = (int) (start >>> SHIFT);
        int last = (int) ((end - 1) >>> SHIFT);
        // Skip empty stretches a parent word at a time, so clearing a sparse bitmap stays cheap.
        for (int w = first; w <= last; w++) {
            if (bottom[w] == 0) {
                continue;
            }
            long mask = rangeMask(w, start, end);
            long old = bottom[w];
            long now = old & ~mask;
            if (now != old) {
                bottom[w] = now;
                count -= Long.bitCount(old) - Long.bitCount(now);
                if (now == 0) {
                    clearUp(levels.length - 2, w);
                }
            }
        }
    }

    /** Clears every bit. */
    public void resetAll() {
        for (long[] level : levels) {
            Arrays.fill(level, 0);
        }
        count = 0;
    }

    private static long rangeMask(int word, long start, long end) {
        long wordStart = (long) word << SHIFT;
        long lo = Math.max(start, wordStart) - wordStart;
        long hi = Math.min(end, wordStart + BITS) - wordStart; // exclusive, 1..64
        long mask = hi == BITS ? -1L : (1L << hi) - 1;
        return mask & (-1L << lo);
    }

    private void markUp(int level, long childWord) {
        for (int l = level; l >= 0; l--) {
            int w = (int) (childWord >>> SHIFT);
            long bit = 1L << childWord;
            long old = levels[l][w];
            levels[l][w] = old | bit;
            if (old != 0) {
                return;
            }
            childWord = w;
        }
    }

    private void clearUp(int level, long childWord) {
        for (int l = level; l >= 0; l--) {
            int w = (int) (childWord >>> SHIFT);
            long now = levels[l][w] & ~(1L << childWord);
            levels[l][w] = now;
            if (now != 0) {
                return;
            }
            childWord = w;
        }
    }

    /** The first set bit at or after {@code from}, or -1. */
    public long next(long from) {
        if (from < 0) {
            from = 0;
        }
        if (from >= size) {
            return -1;
        }
        int bottomLevel = levels.length - 1;
        long[] bottom = levels[bottomLevel];
        int w = (int) (from >>> SHIFT);
        long word = bottom[w] & (-1L << from);
        if (word != 0) {
            return ((long) w << SHIFT) + Long.numberOfTrailingZeros(word);
        }
        long found = nextWord(bottomLevel, w + 1L);
        if (found < 0) {
            return -1;
        }
        return (found << SHIFT) + Long.numberOfTrailingZeros(bottom[(int) found]);
    }

    /** The first non-zero word at or after {@code wordIndex} on {@code level}, or -1, using the levels above. */
    private long nextWord(int level, long wordIndex) {
        long[] words = levels[level];
        if (wordIndex >= words.length) {
            return -1;
        }
        if (level == 0) {
            for (long i = wordIndex; i < words.length; i++) {
                if (words[(int) i] != 0) {
                    return i;
                }
            }
            return -1;
        }
        long[] parent = levels[level - 1];
        int pw = (int) (wordIndex >>> SHIFT);
        long bits = parent[pw] & (-1L << wordIndex);
        if (bits != 0) {
            return ((long) pw << SHIFT) + Long.numberOfTrailingZeros(bits);
        }
        long up = nextWord(level - 1, pw + 1L);
        if (up < 0) {
            return -1;
        }
        return (up << SHIFT) + Long.numberOfTrailingZeros(parent[(int) up]);
    }

    /** The first clear bit at or after {@code from}, or -1 if all bits from there on are set. */
    public long nextZero(long from) {
        long[] bottom = levels[levels.length - 1];
        for (long i = Math.max(0, from); i < size;) {
            int w = (int) (i >>> SHIFT);
            long word = ~bottom[w] & (-1L << i);
            if (word != 0) {
                long bit = ((long) w << SHIFT) + Long.numberOfTrailingZeros(word);
                return bit < size ? bit : -1;
            }
            i = (long) (w + 1) << SHIFT;
        }
        return -1;
    }

    /** ORs {@code other} (of the same size) into this bitmap, as {@code hbitmap_merge}. */
    public void merge(HBitmap other) {
        if (other.size != size) {
            throw new IllegalArgumentException("bitmaps differ in size: " + size + " vs " + other.size);
        }
        long[] mine = levels[levels.length - 1];
        long[] theirs = other.levels[other.levels.length - 1];
        for (long w = other.nextWordFrom(0); w >= 0; w = other.nextWordFrom(w + 1)) {
            int i = (int) w;
            long old = mine[i];
            long now = old | theirs[i];
            if (now != old) {
                mine[i] = now;
                count += Long.bitCount(now) - Long.bitCount(old);
                if (old == 0) {
                    markUp(levels.length - 2, i);
                }
            }
        }
    }

    private long nextWordFrom(long wordIndex) {
        int bottomLevel = levels.length - 1;
        long[] bottom = levels[bottomLevel];
        if (wordIndex < bottom.length && bottom[(int) wordIndex] != 0) {
            return wordIndex;
        }
        return nextWord(bottomLevel, wordIndex + (wordIndex < bottom.length ? 1 : 0));
    }

    /** A copy with the same bits. */
    public HBitmap copy() {
        HBitmap c = new HBitmap(size);
        for (int i = 0; i < levels.length; i++) {
            c.levels[i] = levels[i].clone();
        }
        c.count = count;
        return c;
    }

    /** Changes the number of items, keeping the bits below the smaller size ({@code hbitmap_truncate}). */
    public void truncate(long newSize) {
        HBitmap grown = new HBitmap(newSize);
        long[] bottom = levels[levels.length - 1];
        for (long w = nextWordFrom(0); w >= 0; w = nextWordFrom(w + 1)) {
            long word = bottom[(int) w];
            for (long b = Long.numberOfTrailingZeros(word); b < BITS; b++) {
                if ((word & (1L << b)) != 0) {
                    grown.set((w << SHIFT) + b, 1);
                }
            }
        }
        this.size = grown.size;
        this.levels = grown.levels;
        this.count = grown.count;
    }

    /** The bottom level's words, bit {@code i % 64} of word {@code i / 64} (a copy). */
    public long[] toWords() {
        return levels[levels.length - 1].clone();
    }

    /** Replaces the bits with {@code words} (as {@link #toWords()} gives them). */
    public void fromWords(long[] words) {
        resetAll();
        long[] bottom = levels[levels.length - 1];
        for (int w = 0; w < Math.min(words.length, bottom.length); w++) {
            long word = words[w];
            if (w == bottom.length - 1 && (size & (BITS - 1)) != 0) {
                word &= (1L << (size & (BITS - 1))) - 1;
            }
            if (word != 0) {
                bottom[w] = word;
                count += Long.bitCount(word);
                markUp(levels.length - 2, w);
            }
        }
    }
}
