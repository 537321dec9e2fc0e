package org.qmpd.launcher.it.machine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.qmpd.launcher.it.QmpClient;
import org.qmpd.launcher.it.QmpdProcess;

/** device_add, device_del, qom-list and qom-get against the real distribution. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DevicesIT {
    static QmpdProcess qmpd;

    @BeforeAll
    static void start() throws Exception {
        qmpd = QmpdProcess.startTcp("-device", "virtio-balloon,id=balloon0");
    }

    @AfterAll
    static void stop() throws Exception {
        assertEquals(0, qmpd.terminate());
    }

    static List<String> names(JsonNode list) {
        List<String> out = new ArrayList<>();
        list.forEach(p -> out.add(p.get("name").asText() + ":" + p.get("type").asText()));
        return out;
    }

    static String desc(JsonNode error) {
        return error.get("class").asText() + ": " + error.get("desc").asText();
    }

    @Test
    void commandLineDeviceIsInTheTree() throws Exception {
        try (QmpClient c = qmpd.client()) {
            assertTrue(names(c.ok("qom-list", Map.of("path", "/machine/peripheral"))).contains("balloon0:child<virtio-balloon-pci>"));
            assertEquals("virtio-balloon-pci", c.ok("qom-get", Map.of("path", "/machine/peripheral/balloon0", "property", "type")).asText()); // 2.4 alias
            assertTrue(c.ok("qom-get", Map.of("path", "balloon0", "property", "realized")).asBoolean());
        }
    }

    @Test
    void addListGetDeleteRoundTrip() throws Exception {
        try (QmpClient c = qmpd.client()) {
            // only one balloon may exist: free the slot, then plug one in and out twice
            c.ok("device_del", Map.of("id", "balloon0"));
            c.event("DEVICE_DELETED", e -> e.get("data").get("device").asText().equals("balloon0"), java.time.Duration.ofSeconds(5));
            for (int round = 0; round < 2; round++) {
                c.ok("device_add", Map.of("driver", "virtio-balloon-pci", "id", "bal1", "addr", "0x5", "ioeventfd", true));
                List<String> props = names(c.ok("qom-list", Map.of("path", "/machine/peripheral/bal1")));
                assertEquals("type:string", props.get(props.size() - 1));
                assertTrue(props.contains("addr:str"), props.toString());
                assertTrue(props.contains("ioeventfd:bool"), props.toString());
                assertEquals("05.0", c.ok("qom-get", Map.of("path", "bal1", "property", "addr")).asText());
                assertTrue(c.ok("qom-get", Map.of("path", "peripheral/bal1", "property", "ioeventfd")).asBoolean());
                assertEquals("/machine/peripheral/bal1", c.ok("qom-get", Map.of("path", "/machine/peripheral", "property", "bal1")).asText());
                c.ok("device_del", Map.of("id", "bal1"));
                JsonNode deleted = c.event("DEVICE_DELETED");
                assertEquals("{\"device\":\"bal1\",\"path\":\"/machine/peripheral/bal1\"}", deleted.get("data").toString());
                assertFalse(names(c.ok("qom-list", Map.of("path", "/machine/peripheral"))).contains("bal1:child<virtio-balloon-pci>"));
                assertEquals("DeviceNotFound: Device '/machine/peripheral/bal1' not found", desc(c.error("qom-list", Map.of("path", "/machine/peripheral/bal1"))));
            }
        }
    }

    @Test
    @Order(Integer.MAX_VALUE)
    void deviceWithoutIdGoesToPeripheralAnonForGood() throws Exception {
        try (QmpClient c = qmpd.client()) {
            if (!names(c.ok("qom-list", Map.of("path", "/machine/peripheral"))).contains("balloon0:child<virtio-balloon-pci>")) {
                c.ok("device_add", Map.of("driver", "virtio-balloon", "id", "balloon0"));
            }
            // the balloon slot is taken, so creation fails, but the attempt consumes device[0] as in 2.4
            assertEquals("GenericError: Only one balloon device is supported", desc(c.error("device_add", Map.of("driver", "virtio-balloon"))));
            c.ok("device_del", Map.of("id", "balloon0"));
            c.event("DEVICE_DELETED");
            c.ok("device_add", Map.of("driver", "virtio-balloon", "id", 5)); // a non-string id is no id
            assertEquals(List.of("device[1]:child<virtio-balloon-pci>", "type:string"),
                    names(c.ok("qom-list", Map.of("path", "/machine/peripheral-anon"))));
            assertEquals("virtio-balloon-pci", c.ok("qom-get", Map.of("path", "/machine/peripheral-anon/device[1]", "property", "type")).asText());
            // a partial path that also names the APIC at /machine/unattached/device[1] is ambiguous
            assertEquals("GenericError: Path 'device[1]' is ambiguous", desc(c.error("qom-list", Map.of("path", "device[1]"))));
        }
    }

    @Test
    void badRequestsGetTwoFourErrors() throws Exception {
        try (QmpClient c = qmpd.client()) {
            assertEquals("GenericError: Parameter 'driver' expects device type",
                    desc(c.error("device_add", Map.of("driver", "no-such-driver", "id", "x0"))));
            assertEquals("GenericError: Parameter 'driver' is missing", desc(c.error("device_add", Map.of("id", "x1"))));
            assertEquals("GenericError: Parameter 'driver' expects device type", desc(c.error("device_add", Map.of("driver", 7))));
            assertEquals("GenericError: Parameter 'driver' is missing", desc(c.error("device_add", Map.of("driver", List.of("x")))));
            assertEquals("GenericError: Parameter 'id' expects an identifier",
                    desc(c.error("device_add", Map.of("driver", "virtio-balloon-pci", "id", "1x"))));
            assertEquals("GenericError: Bus 'nosuchbus' not found",
                    desc(c.error("device_add", Map.of("driver", "virtio-balloon-pci", "id", "b0", "bus", "nosuchbus"))));
            assertEquals("GenericError: Property 'virtio-balloon-pci.bogus-prop' not found",
                    desc(c.error("device_add", Map.of("driver", "virtio-balloon-pci", "id", "b0", "bogus-prop", 1))));
            assertEquals("DeviceNotFound: Device 'nosuchdev' not found", desc(c.error("device_del", Map.of("id", "nosuchdev"))));
            assertEquals("GenericError: Invalid parameter type for 'id', expected: string", desc(c.error("device_del", Map.of("id", 1))));
            assertEquals("GenericError: Property '.nothing' not found",
                    desc(c.error("qom-get", Map.of("path", "/machine", "property", "nothing"))));
            assertEquals("DeviceNotFound: Device '/nowhere' not found", desc(c.error("qom-get", Map.of("path", "/nowhere", "property", "type"))));
            // none of the failed attempts left anything behind
            for (String p : names(c.ok("qom-list", Map.of("path", "/machine/peripheral")))) {
                assertFalse(p.startsWith("x") || p.startsWith("b0:"), p);
            }
        }
    }

    @Test
    void duplicateIdIsRefused() throws Exception {
        try (QmpClient c = qmpd.client()) {
            JsonNode list = c.ok("qom-list", Map.of("path", "/machine/peripheral"));
            String id = null;
            for (JsonNode p : list) {
                if (p.get("type").asText().startsWith("child<")) {
                    id = p.get("name").asText();
                }
            }
            if (id == null) {
                c.ok("device_add", Map.of("driver", "virtio-balloon-pci", "id", "dup0"));
                id = "dup0";
            }
            assertEquals("GenericError: Duplicate ID '" + id + "' for device",
                    desc(c.error("device_add", Map.of("driver", "virtio-balloon-pci", "id", id))));
        }
    }
}
