package org.qmpd.core.qmp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.junit.jupiter.api.Test;

class DeviceAddTest {
    @Test
    void floatsPrintAsCPercentPointSeventeenG() {
        assertEquals("0.10000000000000001", DeviceAdd.formatG17(0.1));
        assertEquals("1.5", DeviceAdd.formatG17(1.5));
        assertEquals("100", DeviceAdd.formatG17(100.0));
        assertEquals("1e+20", DeviceAdd.formatG17(1e20));
        assertEquals("1.0000000000000001e-05", DeviceAdd.formatG17(1e-5));
        assertEquals("-2.5", DeviceAdd.formatG17(-2.5));
        assertEquals("0.0001", DeviceAdd.formatG17(0.0001));
        assertEquals("1.2345678901234568e+17", DeviceAdd.formatG17(123456789012345678.0));
    }

    @Test
    void argumentsBecomeStringOptionsWithoutIdAndWithoutObjects() throws Exception {
        ObjectNode args = (ObjectNode) new ObjectMapper().readTree(
                "{\"driver\": \"nic\", \"id\": \"n0\", \"size\": 4, \"on\": true, \"off\": false, \"f\": 0.5,"
                        + " \"o\": {\"a\": 1}, \"l\": [1], \"z\": null}");
        Map<String, String> opts = DeviceAdd.opts(args);
        assertEquals(Map.of("driver", "nic", "size", "4", "on", "on", "off", "off", "f", "0.5"), opts);
    }
}
