package org.qmpd.core.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class MonitorSpecTest {
    @Test
    void tcpServerWithNewSpelling() {
        MonitorSpec s = MonitorSpec.parse("tcp:127.0.0.1:4444,server=on,wait=off");
        assertEquals(MonitorSpec.Kind.TCP, s.kind());
        assertEquals("127.0.0.1", s.host());
        assertEquals(4444, s.port());
        assertTrue(s.server());
        assertFalse(s.waitForClient());
    }

    @Test
    void unixServerWithOldSpelling() {
        MonitorSpec s = MonitorSpec.parse("unix:/tmp/q.sock,server,nowait");
        assertEquals(MonitorSpec.Kind.UNIX, s.kind());
        assertEquals("/tmp/q.sock", s.path());
        assertTrue(s.server());
        assertFalse(s.waitForClient());
        assertEquals("unix:/tmp/q.sock,server", s.describe(0));
    }

    @Test
    void withoutServerItConnectsOut() {
        MonitorSpec s = MonitorSpec.parse("unix:/tmp/harness.sock");
        assertFalse(s.server());
    }

    @Test
    void serverWaitsByDefault() {
        assertTrue(MonitorSpec.parse("tcp::4444,server").waitForClient());
        assertEquals("0.0.0.0", MonitorSpec.parse("tcp::4444,server").host());
    }

    @Test
    void ipv6HostInBrackets() {
        MonitorSpec s = MonitorSpec.parse("tcp:[::1]:4444,server=on,wait=off");
        assertEquals("::1", s.host());
        assertEquals("tcp:[::1]:4444,server", s.describe(4444));
    }

    @Test
    void badSpecsAreRefusedInQemuWords() {
        assertEquals("error parsing port in address '127.0.0.1:x'",
                assertThrows(IllegalArgumentException.class, () -> MonitorSpec.parse("tcp:127.0.0.1:x")).getMessage());
        assertEquals("Invalid parameter 'bogus'",
                assertThrows(IllegalArgumentException.class, () -> MonitorSpec.parse("tcp:127.0.0.1:1,bogus=1")).getMessage());
        assertEquals("Parameter 'server' expects 'on' or 'off'",
                assertThrows(IllegalArgumentException.class, () -> MonitorSpec.parse("tcp:127.0.0.1:1,server=maybe")).getMessage());
        assertThrows(IllegalArgumentException.class, () -> MonitorSpec.parse("stdio"));
    }
}
