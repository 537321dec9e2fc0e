package org.qmpd.rocker.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.qmpd.rocker.device.Rocker;
import org.qmpd.rocker.device.RockerModel;
import org.qmpd.rocker.device.Rockers;
import org.qmpd.rocker.net.Netdevs;
import org.qmpd.rocker.ofdpa.Flow;
import org.qmpd.rocker.ofdpa.FlowRules;
import org.qmpd.rocker.ofdpa.FlowSpec;
import org.qmpd.rocker.ofdpa.Group;
import org.qmpd.rocker.ofdpa.GroupId;
import org.qmpd.rocker.ofdpa.GroupRules;
import org.qmpd.rocker.ofdpa.GroupSpec;
import org.qmpd.rocker.ofdpa.IpPrefix;
import org.qmpd.rocker.qmp.FlowShapes;
import org.qmpd.rocker.qmp.GroupShapes;

/** Switches, ports' settings and flow and group tables travel through the migration section intact. */
class RockerMigrationTest {
    private static Rockers machine(String... names) throws Exception {
        Rockers rockers = new Rockers();
        RockerModel model = new RockerModel(rockers, new Netdevs());
        for (String n : names) {
            model.create(n, Map.of("name", n, "len-ports", "3"));
        }
        return rockers;
    }

    private static byte[] save(Rockers rockers) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        new RockerMigration(rockers).save(new DataOutputStream(bytes));
        return bytes.toByteArray();
    }

    private static void load(Rockers rockers, byte[] stream) throws IOException {
        new RockerMigration(rockers).load(new DataInputStream(new ByteArrayInputStream(stream)), RockerMigration.VERSION);
    }

    private static List<String> flows(Rocker r) {
        return r.world().flows().stream().sorted(Comparator.comparingLong(Flow::cookie))
                .map(f -> FlowShapes.info(f).toString()).collect(Collectors.toList());
    }

    private static List<String> groups(Rocker r) {
        return r.world().groups().stream().sorted(Comparator.comparingInt(Group::id))
                .map(g -> GroupShapes.info(g).toString()).collect(Collectors.toList());
    }

    @Test
    void tablesHitsAndPortSettingsArriveAsTheyLeft() throws Exception {
        Rockers source = machine("sw1", "sw2");
        Rocker sw1 = source.find("sw1");
        GroupSpec g = new GroupSpec();
        g.id = (long) GroupId.l2Interface(100, 2);
        g.outPport = 2L;
        g.popVlan = 1;
        sw1.world().addGroup(GroupRules.build(g, sw1.world()));
        GroupSpec flood = new GroupSpec();
        flood.id = (long) GroupId.l2Flood(100, 1);
        flood.groupIds = new long[] {GroupId.l2Interface(100, 2), GroupId.l2Interface(100, 3)};
        sw1.world().addGroup(GroupRules.build(flood, sw1.world()));
        FlowSpec f = new FlowSpec();
        f.cookie = 77;
        f.priority = 1L;
        f.tblId = 30L;
        f.ethType = 0x0800;
        f.ipDst = IpPrefix.parse("10.0.0.0/8");
        sw1.world().addFlow(FlowRules.build(f).withHits(12345));
        sw1.port(2).setEnabled(true);
        sw1.port(3).setLearning(false);
        sw1.port(1).setSettings(1000, false, true);

        Rockers destination = machine("sw1", "sw2");
        load(destination, save(source));
        Rocker arrived = destination.find("sw1");
        assertEquals(flows(sw1), flows(arrived));
        assertEquals(12345, arrived.world().flow(77).hits());
        assertEquals(groups(sw1), groups(arrived));
        assertEquals(true, arrived.port(2).enabled());
        assertEquals(false, arrived.port(3).learning());
        assertEquals(1000, arrived.port(1).speed());
        assertEquals(false, arrived.port(1).fullDuplex());
        assertEquals(0, destination.find("sw2").world().flowCount());
    }

    @Test
    void aSwitchMissingOnTheDestinationFailsTheLoad() throws Exception {
        byte[] stream = save(machine("sw1"));
        IOException e = assertThrows(IOException.class, () -> load(machine("other"), stream));
        assertEquals("rocker sw1 not found: start the destination with the same -device rocker", e.getMessage());
    }
}
