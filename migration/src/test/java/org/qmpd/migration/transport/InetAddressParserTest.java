package org.qmpd.migration.transport;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class InetAddressParserTest {
    @Test
    void readsHostAndPortAsInetParse() throws TransportException {
        assertArrayEquals(new String[] {"127.0.0.1", "4446"}, InetAddressParser.parse("127.0.0.1:4446"));
        assertArrayEquals(new String[] {"", "4446"}, InetAddressParser.parse(":4446"));
        assertArrayEquals(new String[] {"::1", "4446"}, InetAddressParser.parse("[::1]:4446,ipv6"));
        assertArrayEquals(new String[] {"localhost", "4446"}, InetAddressParser.parse("localhost:4446,to=4450"));
    }

    @Test
    void refusesWithInetParsesWords() {
        assertEquals("error parsing address '127.0.0.1'",
                assertThrows(TransportException.class, () -> InetAddressParser.parse("127.0.0.1")).getMessage());
        assertEquals("error parsing port in address ':'",
                assertThrows(TransportException.class, () -> InetAddressParser.parse(":")).getMessage());
        assertEquals("error parsing IPv6 address '[::1]'",
                assertThrows(TransportException.class, () -> InetAddressParser.parse("[::1]")).getMessage());
    }

    @Test
    void aPortThatIsNotANumberFailsResolution() {
        assertEquals("address resolution failed for localhost:http-alt: Servname not supported for ai_socktype",
                assertThrows(TransportException.class, () -> Endpoint.parse("tcp:localhost:http-alt")).getMessage());
    }

    @Test
    void schemesAreRecognisedByPrefix() {
        assertEquals(Endpoint.Scheme.TCP, Endpoint.schemeOf("tcp:1.2.3.4:5"));
        assertEquals(Endpoint.Scheme.EXEC, Endpoint.schemeOf("exec:cat > /dev/null"));
        assertEquals(Endpoint.Scheme.FD, Endpoint.schemeOf("fd:3"));
        assertEquals(null, Endpoint.schemeOf("bogus:foo"));
        assertEquals(null, Endpoint.schemeOf("TCP:1.2.3.4:5"));
    }
}
