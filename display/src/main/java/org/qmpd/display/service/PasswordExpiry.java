package org.qmpd.display.service;

/**
 * {@code expire_password}'s {@code time}, read as QEMU 2.4's {@code qmp_expire_password} reads
 * it: {@code now} is 0 (the epoch, long past), {@code never} is {@code TIME_MAX}, {@code +N}
 * is N seconds from now and anything else is absolute seconds since the epoch, both through
 * {@code strtoull} (so {@code garbage} and the empty string are 0, and {@code -5} wraps to -5).
 */
public final class PasswordExpiry {
    private PasswordExpiry() {
    }

    /** The expiry time for {@code when}, in seconds since the epoch. */
    public static long parse(String when, long nowSeconds) {
        if (when.equals("now")) {
            return 0;
        }
        if (when.equals("never")) {
            return Long.MAX_VALUE;
        }
        if (when.startsWith("+")) {
            return nowSeconds + Strtoull.parse(when.substring(1));
        }
        return Strtoull.parse(when);
    }
}
