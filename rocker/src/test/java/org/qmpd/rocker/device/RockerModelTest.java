package org.qmpd.rocker.device;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.qmpd.core.api.Device;
import org.qmpd.core.api.QmpException;
import org.qmpd.rocker.net.NetBackend;
import org.qmpd.rocker.net.Netdevs;
import org.qmpd.rocker.ofdpa.Bytes;

/** -device rocker's properties, defaults and refusals, as pci_rocker_realize and qdev make them. */
class RockerModelTest {
    final Rockers rockers = new Rockers();
    final Netdevs netdevs = new Netdevs();
    final RockerModel model = new RockerModel(rockers, netdevs);

    @AfterEach
    void closeBackends() {
        for (NetBackend b : netdevs.all()) {
            netdevs.remove(b.id());
        }
    }

    private static Map<String, String> props(String... kv) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return m;
    }

    private String refusal(String... kv) {
        return assertThrows(QmpException.class, () -> model.create(null, props(kv))).desc();
    }

    @Test
    void switchIdAndMacsComeFromTheDefaultMacCountingSwitches() throws Exception {
        model.create("a", props("name", "sw1", "len-ports", "2"));
        model.create("b", props("name", "sw2", "len-ports", "1"));
        Rocker sw1 = rockers.find("sw1");
        assertEquals(1327446905938L, sw1.switchId());
        assertEquals(1331741873234L, rockers.find("sw2").switchId());
        assertEquals("52:54:00:12:35:01", Bytes.macString(sw1.port(1).mac()));
        assertEquals("52:54:00:12:35:02", Bytes.macString(sw1.port(2).mac()));
        assertEquals("52:54:00:12:36:01", Bytes.macString(rockers.find("sw2").port(1).mac()));
        assertEquals("sw1.1", sw1.port(1).name());
        assertEquals(10000, sw1.port(1).speed());
        assertEquals(false, sw1.port(1).enabled());
    }

    @Test
    void givenMacAndSwitchIdAreKeptAndPortsAreCappedAt62() throws Exception {
        Device d = model.create("a", props("name", "big", "len-ports", "100", "fp_start_macaddr", "02:00:00:00:00:fe",
                "switch_id", "0x1234"));
        Rocker big = rockers.find("big");
        assertEquals(62, big.ports().size());
        assertEquals(0x1234, big.switchId());
        assertEquals("02:00:00:00:00:ff", Bytes.macString(big.port(2).mac()));
        assertEquals("02:00:00:00:00:00", Bytes.macString(big.port(3).mac()), "the last octet wraps as in C");
        assertEquals(100L, d.properties().get("len-ports"));
        model.create("c", props());
        assertEquals("rocker", rockers.all().get(1).name());
        assertEquals(0, rockers.find("rocker").ports().size());
    }

    @Test
    void refusesAsQemuDoesAndLeavesNothingBehind() throws Exception {
        model.create("a", props("name", "sw1"));
        assertEquals("sw1 already exists", refusal("name", "sw1"));
        assertEquals("name too long; please shorten to at most 9 chars", refusal("name", "abcdefghij"));
        assertEquals("Property 'rocker.bogus' not found", refusal("name", "x", "bogus", "1"));
        assertEquals("Property 'rocker.ports[2]' not found", refusal("name", "x", "len-ports", "2", "ports[2]", "n0"));
        assertEquals("Property 'rocker.ports[0]' can't find value 'n0'", refusal("name", "x", "len-ports", "2", "ports[0]", "n0"));
        assertEquals("Property 'rocker.fp_start_macaddr' doesn't take value '52:54'", refusal("name", "x", "fp_start_macaddr", "52:54"));
        assertEquals("Parameter 'switch_id' expects an int64 value or range", refusal("name", "x", "switch_id", "one"));
        assertEquals("Parameter 'len-ports' expects uint32_t", refusal("name", "x", "len-ports", "4294967296"));
        assertEquals("invalid argument requested world linux does not exist", refusal("name", "x", "world", "linux"));
        assertNull(rockers.find("x"));
        assertEquals(1, rockers.all().size());
    }

    @Test
    void portsAttachToTheirNetdevsOnceAndDeviceDelFreesThem() throws Exception {
        NetBackend n0 = netdevs.add(props("type", "socket", "id", "n0", "udp", "127.0.0.1:9", "localaddr", "127.0.0.1:0"));
        Device d = model.create("a", props("name", "sw1", "len-ports", "2", "ports[1]", "n0"));
        Rocker sw1 = rockers.find("sw1");
        assertSame(n0, sw1.port(2).backend());
        assertNull(sw1.port(1).backend());
        assertEquals("n0", d.properties().get("ports[1]"));
        assertEquals("Property 'rocker.ports[0]' can't take value 'n0', it's in use",
                refusal("name", "sw2", "len-ports", "1", "ports[0]", "n0"));
        d.unplug();
        assertNull(rockers.find("sw1"));
        assertNull(n0.peer());
        model.create("b", props("name", "sw2", "len-ports", "1", "ports[0]", "n0"));
        assertSame(n0, rockers.find("sw2").port(1).backend());
    }
}
