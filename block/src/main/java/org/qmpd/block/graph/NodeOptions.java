package org.qmpd.block.graph;

/**
 * The generic options every node has ({@code BlockdevOptionsBase} in 2.4), already parsed:
 * read-only, the three cache flags as {@code query-block} reports them, {@code detect-zeroes}
 * ({@code off}, {@code on}, {@code unmap}) and {@code discard} ({@code ignore}, {@code unmap}).
 */
public record NodeOptions(boolean readOnly, boolean writeback, boolean direct, boolean noFlush,
        String detectZeroes, boolean discardUnmap) {
    public static final NodeOptions DEFAULT = new NodeOptions(false, true, false, false, "off", false);

    public NodeOptions withReadOnly(boolean ro) {
        return new NodeOptions(ro, writeback, direct, noFlush, detectZeroes, discardUnmap);
    }
}
