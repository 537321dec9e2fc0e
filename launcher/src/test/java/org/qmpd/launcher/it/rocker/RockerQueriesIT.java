package org.qmpd.launcher.it.rocker;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.qmpd.launcher.it.QmpClient;
import org.qmpd.launcher.it.QmpdProcess;

/**
 * The rocker queries against what QEMU answers (reference/qemu-7.2-transcripts/rocker.jsonl
 * and device_add.jsonl, and the seed's examples), byte for byte on the wire, with a switch
 * made by {@code -netdev} and {@code -device} on the command line; and flows and groups that
 * read back exactly as they were written.
 */
class RockerQueriesIT {
    static QmpdProcess qmpd;

    @BeforeAll
    static void start() throws Exception {
        qmpd = SharedQmpd.get();
    }

    private static String raw(QmpClient c, String request) throws Exception {
        c.sendRaw(request);
        c.response();
        return c.rawLines().get(c.rawLines().size() - 1);
    }

    @Test
    void answersAsQemuDoesWithTheSeedsPortNames() throws Exception {
        String[][] transcript = {
            {"{\"execute\": \"query-rocker\", \"arguments\": {\"name\": \"sw1\"}}",
                "{\"return\": {\"name\": \"sw1\", \"ports\": 2, \"id\": 1327446905938}}"},
            {"{\"execute\": \"query-rocker\", \"arguments\": {\"name\": \"nosuch\"}}",
                "{\"error\": {\"class\": \"GenericError\", \"desc\": \"rocker nosuch not found\"}}"},
            {"{\"execute\": \"query-rocker\"}",
                "{\"error\": {\"class\": \"GenericError\", \"desc\": \"Parameter 'name' is missing\"}}"},
            {"{\"execute\": \"query-rocker-ports\", \"arguments\": {\"name\": \"sw1\"}}",
                "{\"return\": [{\"duplex\": \"full\", \"enabled\": false, \"name\": \"sw1.1\", \"autoneg\": \"off\", \"link-up\": false, \"speed\": 10000}, "
                    + "{\"duplex\": \"full\", \"enabled\": false, \"name\": \"sw1.2\", \"autoneg\": \"off\", \"link-up\": false, \"speed\": 10000}]}"},
            {"{\"execute\": \"query-rocker-ports\", \"arguments\": {\"name\": \"nosuch\"}}",
                "{\"error\": {\"class\": \"GenericError\", \"desc\": \"rocker nosuch not found\"}}"},
            {"{\"execute\": \"query-rocker-of-dpa-flows\", \"arguments\": {\"name\": \"sw1\"}}", "{\"return\": []}"},
            {"{\"execute\": \"query-rocker-of-dpa-flows\", \"arguments\": {\"name\": \"sw1\", \"tbl-id\": 0}}", "{\"return\": []}"},
            {"{\"execute\": \"query-rocker-of-dpa-flows\", \"arguments\": {\"name\": \"sw1\", \"tbl-id\": 60}}", "{\"return\": []}"},
            {"{\"execute\": \"query-rocker-of-dpa-flows\", \"arguments\": {\"name\": \"nosuch\"}}",
                "{\"error\": {\"class\": \"GenericError\", \"desc\": \"rocker nosuch not found\"}}"},
            {"{\"execute\": \"query-rocker-of-dpa-groups\", \"arguments\": {\"name\": \"sw1\"}}", "{\"return\": []}"},
            {"{\"execute\": \"query-rocker-of-dpa-groups\", \"arguments\": {\"name\": \"sw1\", \"type\": 0}}", "{\"return\": []}"},
            {"{\"execute\": \"query-rocker-of-dpa-groups\", \"arguments\": {\"name\": \"nosuch\"}}",
                "{\"error\": {\"class\": \"GenericError\", \"desc\": \"rocker nosuch not found\"}}"},
            {"{\"execute\": \"query-rocker-of-dpa-groups\", \"arguments\": {\"name\": \"sw1\", \"type\": 300}}",
                "{\"error\": {\"class\": \"GenericError\", \"desc\": \"Parameter 'type' expects uint8_t\"}}"},
            {"{\"execute\": \"human-monitor-command\", \"arguments\": {\"command-line\": \"info rocker sw1\"}}",
                "{\"return\": \"name: sw1\\r\\nid: 0x13512005452\\r\\nports: 2\\r\\n\"}"},
            {"{\"execute\": \"human-monitor-command\", \"arguments\": {\"command-line\": \"info rocker-ports sw1\"}}",
                "{\"return\": \"            ena/    speed/ auto\\r\\n      port  link    duplex neg?\\r\\n     sw1.1  !ena   10G  FD  No\\r\\n"
                    + "     sw1.2  !ena   10G  FD  No\\r\\n\"}"},
            {"{\"execute\": \"human-monitor-command\", \"arguments\": {\"command-line\": \"info rocker-of-dpa-flows sw1\"}}",
                "{\"return\": \"prio tbl hits key(mask) --> actions\\r\\n\"}"},
            {"{\"execute\": \"human-monitor-command\", \"arguments\": {\"command-line\": \"info rocker-of-dpa-groups sw1\"}}",
                "{\"return\": \"id (decode) --> buckets\\r\\n\"}"},
            // device_add.jsonl: the second switch with a default MAC gets the next one
            {"{\"execute\": \"device_add\", \"arguments\": {\"driver\": \"rocker\", \"name\": \"sw2\", \"len-ports\": 1, \"id\": \"rk2\"}}",
                "{\"return\": {}}"},
            {"{\"execute\": \"query-rocker\", \"arguments\": {\"name\": \"sw2\"}}",
                "{\"return\": {\"name\": \"sw2\", \"ports\": 1, \"id\": 1331741873234}}"},
        };
        try (QmpClient c = qmpd.client()) {
            for (String[] exchange : transcript) {
                assertEquals(exchange[1], raw(c, exchange[0]), exchange[0]);
            }
        }
    }

    @Test
    void groupsReadAsTheSeedsExample() throws Exception {
        try (QmpClient c = qmpd.client()) {
            c.ok("device_add", Map.of("driver", "rocker", "name", "seed", "len-ports", 2, "id", "rk-seed",
                    "fp_start_macaddr", SharedQmpd.macFor("seed")));
            long[][] groups = {{3841, 2}, {3841, 0}, {3840, 1}, {3840, 0}};
            for (long[] g : groups) {
                c.ok("x-rocker-of-dpa-group-add", Map.of("name", "seed", "type", 0, "vlan-id", g[0], "pport", g[1],
                        "out-pport", g[1], "pop-vlan", 1));
            }
            c.ok("x-rocker-of-dpa-flow-add", Map.of("name", "seed", "cookie", 0,
                    "key", Map.of("in-pport", 0, "priority", 1, "tbl-id", 0), "mask", Map.of("in-pport", 4294901760L),
                    "action", Map.of("goto-tbl", 10)));
            assertEquals("{\"return\": [{\"type\": 0, \"out-pport\": 2, \"pport\": 2, \"vlan-id\": 3841, \"pop-vlan\": 1, \"id\": 251723778}, "
                    + "{\"type\": 0, \"out-pport\": 0, \"pport\": 0, \"vlan-id\": 3841, \"pop-vlan\": 1, \"id\": 251723776}, "
                    + "{\"type\": 0, \"out-pport\": 1, \"pport\": 1, \"vlan-id\": 3840, \"pop-vlan\": 1, \"id\": 251658241}, "
                    + "{\"type\": 0, \"out-pport\": 0, \"pport\": 0, \"vlan-id\": 3840, \"pop-vlan\": 1, \"id\": 251658240}]}",
                    raw(c, "{\"execute\": \"query-rocker-of-dpa-groups\", \"arguments\": {\"name\": \"seed\"}}"));
            assertEquals("{\"return\": [{\"key\": {\"in-pport\": 0, \"priority\": 1, \"tbl-id\": 0}, \"hits\": 0, \"cookie\": 0, "
                    + "\"action\": {\"goto-tbl\": 10}, \"mask\": {\"in-pport\": 4294901760}}]}",
                    raw(c, "{\"execute\": \"query-rocker-of-dpa-flows\", \"arguments\": {\"name\": \"seed\"}}"));
        }
    }

    @Test
    void flowsAndGroupsReadBackAsTheyWereWritten() throws Exception {
        try (QmpClient c = qmpd.client()) {
            c.ok("device_add", Map.of("driver", "rocker", "name", "rb", "len-ports", 4, "id", "rk-rb",
                    "fp_start_macaddr", SharedQmpd.macFor("rb")));
            String mac1 = "52:54:00:00:00:01";
            String mac2 = "52:54:00:00:00:02";
            List<Map<String, Object>> groups = List.of(
                    Map.of("type", 0, "vlan-id", 100, "pport", 1, "out-pport", 1, "pop-vlan", 1),
                    Map.of("type", 0, "vlan-id", 100, "pport", 2, "out-pport", 2, "pop-vlan", 0),
                    Map.of("type", 1, "index", 7, "group-id", 100 << 16 | 2, "set-vlan-id", 100, "set-eth-dst", mac2),
                    Map.of("type", 2, "index", 9, "group-id", 100 << 16 | 1, "set-eth-src", mac1, "set-eth-dst", mac2, "ttl-check", 1),
                    Map.of("type", 4, "vlan-id", 100, "index", 1, "group-ids", List.of(100 << 16 | 1, 100 << 16 | 2, 1 << 28 | 7)),
                    Map.of("type", 3, "vlan-id", 100, "index", 2, "group-ids", List.of(100 << 16 | 2)));
            for (Map<String, Object> g : groups) {
                c.ok("x-rocker-of-dpa-group-add", with(g, "name", "rb"));
            }
            List<Map<String, Object>> flows = List.of(
                    flow(1, Map.of("tbl-id", 0, "priority", 1, "in-pport", 0), Map.of("in-pport", 0xffff0000L), Map.of("goto-tbl", 10)),
                    flow(2, Map.of("tbl-id", 10, "priority", 1, "in-pport", 1, "vlan-id", 0), null, Map.of("goto-tbl", 20, "new-vlan-id", 100)),
                    flow(3, Map.of("tbl-id", 10, "priority", 1, "in-pport", 2, "vlan-id", 100), Map.of("vlan-id", 0xfff), Map.of("goto-tbl", 20)),
                    flow(4, Map.of("tbl-id", 20, "priority", 2, "in-pport", 1, "eth-type", 0x0800, "eth-dst", mac1, "vlan-id", 100), null,
                            Map.of("goto-tbl", 30, "copy-to-cpu", 1)),
                    flow(5, Map.of("tbl-id", 30, "priority", 1, "eth-type", 0x0800, "ip-dst", "10.1.0.0/16"), null,
                            Map.of("goto-tbl", 60, "group-id", 2 << 28 | 9)),
                    flow(6, Map.of("tbl-id", 30, "priority", 1, "eth-type", 0x86dd, "ip-dst", "2001:db8::/32"), null,
                            Map.of("group-id", 2 << 28 | 9)),
                    flow(7, Map.of("tbl-id", 50, "priority", 3, "vlan-id", 100, "eth-dst", mac2), null,
                            Map.of("goto-tbl", 60, "group-id", 100 << 16 | 2)),
                    flow(8, Map.of("tbl-id", 50, "priority", 1, "vlan-id", 100), null, Map.of("goto-tbl", 60, "group-id", 4 << 28 | 100 << 16 | 1)),
                    flow(9, Map.of("tbl-id", 60, "priority", 2, "in-pport", 1, "eth-type", 0x0800, "vlan-id", 100, "ip-proto", 17,
                            "ip-tos", 0, "eth-src", mac1), Map.of("ip-tos", 0xfc, "eth-src", "ff:ff:ff:00:00:00"), Map.of("clear-actions", 1)),
                    flow(10, Map.of("tbl-id", 40, "priority", 1, "eth-type", 0x0800, "vlan-id", 100, "ip-dst", "239.1.2.3/32"), null,
                            Map.of("goto-tbl", 60)));
            for (Map<String, Object> f : flows) {
                c.ok("x-rocker-of-dpa-flow-add", with(f, "name", "rb"));
            }
            JsonNode allFlows = c.ok("query-rocker-of-dpa-flows", Map.of("name", "rb"));
            JsonNode allGroups = c.ok("query-rocker-of-dpa-groups", Map.of("name", "rb"));
            assertEquals(flows.size(), allFlows.size());
            assertEquals(groups.size(), allGroups.size());
            JsonNode acl = find(allFlows, 9);
            assertEquals(QmpClient.JSON.readTree("{\"priority\":2,\"tbl-id\":60,\"in-pport\":1,\"vlan-id\":100,\"eth-type\":2048,"
                    + "\"eth-src\":\"52:54:00:00:00:01\",\"ip-proto\":17,\"ip-tos\":0}"), acl.get("key"));
            assertEquals(QmpClient.JSON.readTree("{\"eth-src\":\"ff:ff:ff:00:00:00\",\"ip-tos\":252}"), acl.get("mask"));
            assertEquals("10.1.0.0/16", find(allFlows, 5).get("key").get("ip-dst").asText());

            for (JsonNode f : allFlows) {
                c.ok("x-rocker-of-dpa-flow-del", Map.of("name", "rb", "cookie", f.get("cookie")));
            }
            for (JsonNode g : allGroups) {
                c.ok("x-rocker-of-dpa-group-del", Map.of("name", "rb", "id", g.get("id")));
            }
            assertEquals(0, c.ok("query-rocker-of-dpa-flows", Map.of("name", "rb")).size());
            // written back in the order that satisfies the lower-group checks, exactly as read
            List<JsonNode> ordered = new ArrayList<>();
            allGroups.forEach(ordered::add);
            ordered.sort((x, y) -> Integer.compare(x.get("type").asInt() == 0 ? 0 : 1, y.get("type").asInt() == 0 ? 0 : 1));
            for (JsonNode g : ordered) {
                c.ok("x-rocker-of-dpa-group-add", ((ObjectNode) g.deepCopy()).put("name", "rb"));
            }
            for (JsonNode f : allFlows) {
                c.ok("x-rocker-of-dpa-flow-add", ((ObjectNode) f.deepCopy()).put("name", "rb"));
            }
            assertEquals(allFlows, c.ok("query-rocker-of-dpa-flows", Map.of("name", "rb")));
            JsonNode again = c.ok("query-rocker-of-dpa-groups", Map.of("name", "rb"));
            for (JsonNode g : allGroups) {
                JsonNode other = findGroup(again, g.get("id").asLong());
                if (g.has("group-ids")) {
                    // QEMU lists flood members in reverse: written back, they come out in the first order
                    List<JsonNode> reversed = new ArrayList<>();
                    other.get("group-ids").forEach(n -> reversed.add(0, n));
                    assertEquals(g.get("group-ids"), QmpClient.JSON.valueToTree(reversed));
                    ((ObjectNode) other).remove("group-ids");
                    g = ((ObjectNode) g.deepCopy()).without("group-ids");
                }
                assertEquals(g, other);
            }
        }
    }

    @Test
    void deviceDelRemovesTheSwitchAndFreesItsBackends() throws Exception {
        try (QmpClient c = qmpd.client()) {
            c.ok("netdev_add", Map.of("type", "socket", "id", "gone-n", "udp", "127.0.0.1:9",
                    "localaddr", "127.0.0.1:" + SwitchRig.freeUdpPort()));
            c.ok("device_add", Map.of("driver", "rocker", "id", "dev-gone", "name", "gone", "len-ports", 1, "ports[0]", "gone-n",
                    "fp_start_macaddr", SharedQmpd.macFor("gone")));
            assertEquals("Property 'rocker.ports[0]' can't take value 'gone-n', it's in use",
                    c.error("device_add", Map.of("driver", "rocker", "name", "again", "len-ports", 1, "ports[0]", "gone-n",
                            "fp_start_macaddr", SharedQmpd.macFor("again"))).get("desc").asText());
            c.ok("device_del", Map.of("id", "dev-gone"));
            c.event("DEVICE_DELETED");
            assertEquals("rocker gone not found", c.error("query-rocker", Map.of("name", "gone")).get("desc").asText());
            c.ok("device_add", Map.of("driver", "rocker", "id", "dev-again", "name", "again", "len-ports", 1, "ports[0]", "gone-n",
                    "fp_start_macaddr", SharedQmpd.macFor("again")));
            assertEquals(1, c.ok("query-rocker", Map.of("name", "again")).get("ports").asInt());
        }
    }

    private static Map<String, Object> flow(long cookie, Map<String, Object> key, Map<String, Object> mask, Map<String, Object> action) {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("cookie", cookie);
        f.put("key", key);
        if (mask != null) {
            f.put("mask", mask);
        }
        f.put("action", action);
        return f;
    }

    private static Map<String, Object> with(Map<String, Object> m, String k, Object v) {
        Map<String, Object> copy = new LinkedHashMap<>(m);
        copy.put(k, v);
        return copy;
    }

    private static JsonNode find(JsonNode flows, long cookie) {
        for (JsonNode f : flows) {
            if (f.get("cookie").asLong() == cookie) {
                return f;
            }
        }
        throw new AssertionError("no flow " + cookie);
    }

    private static JsonNode findGroup(JsonNode groups, long id) {
        for (JsonNode g : groups) {
            if (g.get("id").asLong() == id) {
                return g;
            }
        }
        throw new AssertionError("no group " + id);
    }
}
