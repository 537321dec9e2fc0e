package org.qmpd.launcher.it.rocker;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.qmpd.launcher.it.QmpClient;
import org.qmpd.launcher.it.QmpdProcess;

/**
 * Bad input to the rocker commands gets one error, 2.4's words for the argument checks and
 * QEMU's OF-DPA rules for the rest, and changes nothing.
 */
class RockerCommandErrorsIT {
    static QmpdProcess qmpd;
    static QmpClient qmp;

    @BeforeAll
    static void start() throws Exception {
        qmpd = SharedQmpd.get();
        qmp = qmpd.client();
        qmp.ok("device_add", Map.of("driver", "rocker", "id", "dev-sw", "name", "sw", "len-ports", 2,
                "fp_start_macaddr", SharedQmpd.macFor("sw")));
        qmp.ok("x-rocker-of-dpa-flow-add", QmpClient.JSON.readTree(
                "{\"name\": \"sw\", \"cookie\": 5, \"key\": {\"priority\": 1, \"tbl-id\": 0, \"in-pport\": 1}, \"action\": {\"goto-tbl\": 10}}"));
        qmp.ok("x-rocker-of-dpa-group-add", Map.of("name", "sw", "id", 100 << 16 | 1, "out-pport", 1));
    }

    @AfterAll
    static void closeClient() throws Exception {
        qmp.close();
    }

    private static void refused(String command, String arguments, String desc) throws Exception {
        JsonNode err = qmp.error(command, QmpClient.JSON.readTree(arguments));
        assertEquals("GenericError", err.get("class").asText(), arguments);
        assertEquals(desc, err.get("desc").asText(), arguments);
    }

    @Test
    void flowArgumentsAreCheckedAsThe24VisitorChecksThem() throws Exception {
        String add = "x-rocker-of-dpa-flow-add";
        refused(add, "{\"name\": \"sw\", \"cookie\": 1}", "Parameter 'key' is missing");
        refused(add, "{\"name\": \"sw\", \"cookie\": \"1\", \"key\": {}}", "Invalid parameter type for 'cookie', expected: int");
        refused(add, "{\"name\": \"sw\", \"cookie\": 1, \"key\": []}", "Invalid parameter type for 'key', expected: QDict");
        refused(add, "{\"name\": \"sw\", \"cookie\": 1, \"key\": {\"tbl-id\": 0}}", "Parameter 'priority' is missing");
        refused(add, "{\"name\": \"sw\", \"cookie\": 1, \"key\": {\"priority\": 1, \"tbl-id\": 0, \"vlan-id\": 65536}}",
                "Parameter 'vlan-id' expects uint16_t");
        refused(add, "{\"name\": \"sw\", \"cookie\": 1, \"key\": {\"priority\": 1, \"tbl-id\": 0, \"in-pport\": \"1\"}}",
                "Invalid parameter type for 'in-pport', expected: integer");
        refused(add, "{\"name\": \"sw\", \"cookie\": 1, \"key\": {\"priority\": 1, \"tbl-id\": 0, \"colour\": 1}}",
                "QMP input object member 'colour' is unexpected");
        refused(add, "{\"name\": \"sw\", \"cookie\": 1, \"key\": {\"priority\": 1, \"tbl-id\": 50, \"eth-dst\": \"52:54\"}}",
                "Parameter 'eth-dst' expects a MAC address");
        refused(add, "{\"name\": \"nosuch\", \"cookie\": 1, \"key\": {\"priority\": 1, \"tbl-id\": 0}}", "rocker nosuch not found");
    }

    @Test
    void flowsAreCheckedAsQemusWorldChecksThem() throws Exception {
        refused("x-rocker-of-dpa-flow-add", "{\"name\": \"sw\", \"cookie\": 5, \"key\": {\"priority\": 1, \"tbl-id\": 0, \"in-pport\": 2},"
                + " \"action\": {\"goto-tbl\": 10}}", "flow with cookie 5 already exists");
        refused("x-rocker-of-dpa-flow-mod", "{\"name\": \"sw\", \"cookie\": 6, \"key\": {\"priority\": 1, \"tbl-id\": 0, \"in-pport\": 2},"
                + " \"action\": {\"goto-tbl\": 10}}", "flow with cookie 6 not found");
        refused("x-rocker-of-dpa-flow-del", "{\"name\": \"sw\", \"cookie\": 6}", "flow with cookie 6 not found");
        refused("x-rocker-of-dpa-flow-add", "{\"name\": \"sw\", \"cookie\": 6, \"key\": {\"priority\": 1, \"tbl-id\": 10, \"in-pport\": 1}}",
                "Must give in_pport and vlan_id to install VLAN tbl entry");
        refused("x-rocker-of-dpa-flow-add", "{\"name\": \"sw\", \"cookie\": 6, \"key\": {\"priority\": 1, \"tbl-id\": 50, \"vlan-id\": 5},"
                + " \"action\": {\"group-id\": 327681}}", "Bridging mode vlan dflt needs L2 flood group (0x00050001)");
        refused("x-rocker-of-dpa-flow-add", "{\"name\": \"sw\", \"cookie\": 6, \"key\": {\"priority\": 1, \"tbl-id\": 3}}",
                "Invalid table id 3");
        JsonNode flows = qmp.ok("query-rocker-of-dpa-flows", Map.of("name", "sw"));
        assertEquals(1, flows.size(), "nothing was added by the refusals");
        assertEquals(QmpClient.JSON.readTree("{\"priority\": 1, \"tbl-id\": 0, \"in-pport\": 1}"), flows.get(0).get("key"));
    }

    @Test
    void groupsAreCheckedAsQemusWorldChecksThem() throws Exception {
        String add = "x-rocker-of-dpa-group-add";
        refused(add, "{\"name\": \"sw\", \"id\": 6553601, \"out-pport\": 1}", "group 0x00640001 already exists");
        refused(add, "{\"name\": \"sw\", \"id\": 4294967296}", "Parameter 'id' expects uint32_t");
        refused(add, "{\"name\": \"sw\", \"type\": 1, \"index\": 1, \"group-id\": 7}", "l2 rewrite group needs a valid l2 interface group");
        refused(add, "{\"name\": \"sw\", \"type\": 7, \"index\": 1}", "Group type 7 (L3 ECMP) is not supported");
        refused(add, "{\"name\": \"sw\", \"type\": 4, \"vlan-id\": 101, \"index\": 1, \"group-ids\": [6553601]}",
                "l2 interface group 0x00640001 VLAN doesn't match l2 flood group 0x40650001");
        refused(add, "{\"name\": \"sw\", \"type\": 4, \"vlan-id\": 100, \"index\": 1, \"group-ids\": [\"x\"]}",
                "Invalid parameter type for 'null', expected: integer");
        refused("x-rocker-of-dpa-group-mod", "{\"name\": \"sw\", \"id\": 6553602, \"out-pport\": 2}", "group 0x00640002 not found");
        refused("x-rocker-of-dpa-group-del", "{\"name\": \"sw\", \"id\": 6553602}", "group 0x00640002 not found");
        assertEquals(1, qmp.ok("query-rocker-of-dpa-groups", Map.of("name", "sw")).size());
    }

    @Test
    void portSettingsAreCheckedBeforeAnyChange() throws Exception {
        refused("x-rocker-port-set", "{\"name\": \"sw\", \"pport\": 3, \"enable\": true}", "rocker sw has no pport 3");
        refused("x-rocker-port-set", "{\"name\": \"sw\", \"pport\": 1, \"enable\": true, \"duplex\": \"quarter\"}", "Invalid parameter 'quarter'");
        refused("x-rocker-port-set", "{\"name\": \"sw\", \"pport\": 1, \"enable\": true, \"netdev\": \"nx\"}",
                "Property 'rocker.ports[0]' can't find value 'nx'");
        assertEquals(false, qmp.ok("query-rocker-ports", Map.of("name", "sw")).get(0).get("enabled").asBoolean());
        qmp.ok("x-rocker-port-set", QmpClient.JSON.readTree("{\"name\": \"sw\", \"pport\": 1, \"enable\": true, \"speed\": 1000,"
                + " \"duplex\": \"half\", \"autoneg\": \"on\"}"));
        assertEquals(QmpClient.JSON.readTree("{\"name\": \"sw.1\", \"enabled\": true, \"link-up\": false, \"speed\": 1000,"
                + " \"duplex\": \"half\", \"autoneg\": \"on\"}"), qmp.ok("query-rocker-ports", Map.of("name", "sw")).get(0));
        qmp.ok("x-rocker-port-set", QmpClient.JSON.readTree("{\"name\": \"sw\", \"pport\": 1, \"enable\": false, \"speed\": 10000,"
                + " \"duplex\": \"full\", \"autoneg\": \"off\"}"));
    }
}
