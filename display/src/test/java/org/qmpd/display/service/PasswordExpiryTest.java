package org.qmpd.display.service;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class PasswordExpiryTest {
    private static final long NOW = 1_700_000_000L;

    @Test
    void wordsRelativeAndAbsoluteTimes() {
        assertEquals(0, PasswordExpiry.parse("now", NOW));
        assertEquals(Long.MAX_VALUE, PasswordExpiry.parse("never", NOW));
        assertEquals(NOW + 60, PasswordExpiry.parse("+60", NOW));
        assertEquals(4102444800L, PasswordExpiry.parse("4102444800", NOW));
    }

    @Test
    void anythingElseIsReadAsStrtoullReadsIt() {
        assertEquals(0, PasswordExpiry.parse("garbage", NOW));
        assertEquals(0, PasswordExpiry.parse("", NOW));
        assertEquals(NOW, PasswordExpiry.parse("+abc", NOW));
        assertEquals(-5, PasswordExpiry.parse("-5", NOW));
        assertEquals(12, PasswordExpiry.parse("12abc", NOW));
        assertEquals(-1, PasswordExpiry.parse("99999999999999999999999", NOW));
        assertEquals(7, PasswordExpiry.parse(" 7", NOW));
    }

    @Test
    void atoiOfADisplayNumber() {
        assertEquals(1, Strtoull.atoi("1"));
        assertEquals(0, Strtoull.atoi("abc"));
        assertEquals(3, Strtoull.atoi("3x"));
    }
}
