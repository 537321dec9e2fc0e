package org.qmpd.display.spice;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SpiceTicketingTest {
    private boolean connected;
    private int disconnects;
    private final SpiceTicketing ticketing = new SpiceTicketing(new SpiceTicketing.Clients() {
        @Override
        public boolean connected() {
            return connected;
        }

        @Override
        public void disconnectAll() {
            disconnects++;
            connected = false;
        }
    });

    private static long now() {
        return System.currentTimeMillis() / 1000;
    }

    @Test
    void withoutAPasswordNobodyLinks() {
        assertEquals("spice", ticketing.auth());
        assertFalse(ticketing.admits(""));
        assertFalse(ticketing.admits("x"));
    }

    @Test
    void thePasswordAdmitsOnlyItself() {
        assertEquals(0, ticketing.setPassword("s3cret", false, false));
        assertTrue(ticketing.admits("s3cret"));
        assertFalse(ticketing.admits("s3cre"));
        assertEquals(0, ticketing.setPassword("", false, false));
        assertFalse(ticketing.admits(""));
    }

    @Test
    void disableTicketingAdmitsAnyoneAndRefusesSetPassword() {
        ticketing.disableTicketing();
        assertEquals("none", ticketing.auth());
        assertTrue(ticketing.admits("whatever"));
        assertEquals(-1, ticketing.setPassword("x", false, false));
    }

    @Test
    void expirePasswordTurnsTicketingBackOnAfterDisableTicketing() {
        ticketing.disableTicketing();
        assertEquals(0, ticketing.setExpiry(Long.MAX_VALUE));
        assertFalse(ticketing.admits("whatever"));
        assertEquals("none", ticketing.auth());
    }

    @Test
    void anExpiredPasswordIsGoneUntilTheExpiryMoves() {
        ticketing.setPassword("pw", false, false);
        assertEquals(0, ticketing.setExpiry(0));
        assertFalse(ticketing.admits("pw"));
        ticketing.setPassword("pw", false, false);
        assertFalse(ticketing.admits("pw"));
        ticketing.setExpiry(now() + 60);
        assertTrue(ticketing.admits("pw"));
        ticketing.setExpiry(Long.MAX_VALUE);
        assertTrue(ticketing.admits("pw"));
    }

    @Test
    void expirePasswordClearsTheCommandLinePassword() {
        ticketing.initialPassword("cmdline");
        assertTrue(ticketing.admits("cmdline"));
        ticketing.setExpiry(now() + 60);
        assertFalse(ticketing.admits("cmdline"));
    }

    @Test
    void failRefusesWhileConnectedAndDisconnectDropsTheClients() {
        connected = true;
        assertEquals(-1, ticketing.setPassword("a", true, false));
        assertEquals(0, ticketing.setPassword("b", false, false));
        assertEquals(0, disconnects);
        assertEquals(0, ticketing.setPassword("c", false, true));
        assertEquals(1, disconnects);
        assertTrue(ticketing.admits("c"));
    }

    @Test
    void passwordsOverSixtyBytesAreRefused() {
        assertEquals(0, ticketing.setPassword("x".repeat(60), false, false));
        assertEquals(-1, ticketing.setPassword("x".repeat(61), false, false));
        assertTrue(ticketing.admits("x".repeat(60)));
    }
}
