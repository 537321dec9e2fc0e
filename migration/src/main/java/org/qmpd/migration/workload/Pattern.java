package org.qmpd.migration.workload;

/** What the guest workload writes into each page it dirties ({@code x-guest-workload}'s {@code pattern}). */
public enum Pattern {
    /** A random page gets wholly random bytes: incompressible, no XBZRLE gain. */
    RANDOM("random"),
    /** The pages in address order, wrapping around, get wholly random bytes: fills RAM in one sweep. */
    SEQUENTIAL("sequential"),
    /** A random page gets a 128-byte line of English-like text at a random place: compressible, small XBZRLE deltas. */
    TEXT("text"),
    /** The pages in address order, wrapping around, get whole pages of text lines: fills RAM with compressible data in one sweep. */
    SEQUENTIAL_TEXT("sequential-text"),
    /** A random page is cleared to zero. */
    ZERO("zero");

    private final String qapiName;

    Pattern(String qapiName) {
        this.qapiName = qapiName;
    }

    public String qapiName() {
        return qapiName;
    }

    public static Pattern of(String name) {
        for (Pattern p : values()) {
            if (p.qapiName.equals(name)) {
                return p;
            }
        }
        return null;
    }

    /** The names, for the argument check. */
    public static String[] names() {
        Pattern[] v = values();
        String[] n = new String[v.length];
        for (int i = 0; i < v.length; i++) {
            n[i] = v[i].qapiName;
        }
        return n;
    }
}
