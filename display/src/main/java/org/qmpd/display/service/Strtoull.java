package org.qmpd.display.service;

/**
 * C's {@code strtoull(s, &end, 10)} and {@code atoi}, which QEMU uses to read times and ports:
 * leading blanks and a sign are skipped, digits are read as far as they go, a minus sign
 * negates in 64-bit two's complement, overflow gives {@code ULLONG_MAX} (-1 as a signed long),
 * and no digits at all give 0.
 */
public final class Strtoull {
    private Strtoull() {
    }

    /** Parses {@code s}; {@code end[0]} receives the index after the last character used. */
    public static long parse(String s, long[] end) {
        int i = 0;
        while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
            i++;
        }
        boolean negative = false;
        if (i < s.length() && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
            negative = s.charAt(i) == '-';
            i++;
        }
        int digits = i;
        long value = 0;
        boolean overflow = false;
        while (i < s.length() && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
            int d = s.charAt(i) - '0';
            if (Long.compareUnsigned(value, Long.divideUnsigned(-1L - d, 10)) > 0) {
                overflow = true;
            }
            value = value * 10 + d;
            i++;
        }
        if (i == digits) {
            if (end != null) {
                end[0] = 0;
            }
            return 0;
        }
        if (end != null) {
            end[0] = i;
        }
        if (overflow) {
            return -1L;
        }
        return negative ? -value : value;
    }

    public static long parse(String s) {
        return parse(s, null);
    }

    /** {@code atoi}: the same digits, as a C int. */
    public static int atoi(String s) {
        return (int) parse(s);
    }
}
