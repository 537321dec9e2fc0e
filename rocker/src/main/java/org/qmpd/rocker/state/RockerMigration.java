package org.qmpd.rocker.state;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.qmpd.core.api.MigratableState;
import org.qmpd.rocker.device.FpPort;
import org.qmpd.rocker.device.Rocker;
import org.qmpd.rocker.device.Rockers;
import org.qmpd.rocker.ofdpa.Flow;
import org.qmpd.rocker.ofdpa.FlowAction;
import org.qmpd.rocker.ofdpa.FlowKey;
import org.qmpd.rocker.ofdpa.Group;
import org.qmpd.rocker.ofdpa.GroupId;

/**
 * The rocker switches' migratable state, section {@code rocker}: per switch its ports'
 * settings (enabled, link, learning, speed, duplex, autoneg) and its OF-DPA flows (with their
 * hit counts) and groups. QEMU marks rocker unmigratable; here switches migrate. As with every
 * device, the destination must have been started with the same {@code -device rocker}
 * options: a switch missing there, or with another number of ports, fails the load. Network
 * backends are the host's and do not move; ports stay attached as the destination's own
 * options attach them.
 */
@Component(service = MigratableState.class)
public final class RockerMigration implements MigratableState {
    static final int VERSION = 1;

    @Reference
    private Rockers rockers;

    public RockerMigration() {
    }

    /** Outside OSGi (tests). */
    public RockerMigration(Rockers rockers) {
        this.rockers = rockers;
    }

    @Override
    public String sectionId() {
        return "rocker";
    }

    @Override
    public int version() {
        return VERSION;
    }

    @Override
    public void save(DataOutput out) throws IOException {
        List<Rocker> all = rockers.all();
        out.writeInt(all.size());
        for (Rocker r : all) {
            out.writeUTF(r.name());
            out.writeInt(r.ports().size());
            for (FpPort p : r.ports()) {
                out.writeBoolean(p.enabled());
                out.writeBoolean(p.link());
                out.writeBoolean(p.learning());
                out.writeLong(p.speed());
                out.writeBoolean(p.fullDuplex());
                out.writeBoolean(p.autoneg());
            }
            List<Flow> flows = r.world().flows();
            out.writeInt(flows.size());
            for (Flow f : flows) {
                writeFlow(out, f);
            }
            List<Group> groups = r.world().groups();
            out.writeInt(groups.size());
            for (Group g : groups) {
                writeGroup(out, g);
            }
        }
    }

    @Override
    public void load(DataInput in, int version) throws IOException {
        if (version != VERSION) {
            throw new IOException("rocker: unknown section version " + version);
        }
        int count = in.readInt();
        for (int i = 0; i < count; i++) {
            String name = in.readUTF();
            Rocker r = rockers.find(name);
            if (r == null) {
                throw new IOException("rocker " + name + " not found: start the destination with the same -device rocker");
            }
            int ports = in.readInt();
            if (ports != r.ports().size()) {
                throw new IOException("rocker " + name + " has " + r.ports().size() + " ports here, "
                        + ports + " on the source");
            }
            for (FpPort p : r.ports()) {
                p.setEnabled(in.readBoolean());
                p.setLink(in.readBoolean());
                p.setLearning(in.readBoolean());
                long speed = in.readLong();
                boolean full = in.readBoolean();
                p.setSettings(speed, full, in.readBoolean());
            }
            List<Flow> flows = new ArrayList<>();
            for (int n = in.readInt(); n > 0; n--) {
                flows.add(readFlow(in));
            }
            List<Group> groups = new ArrayList<>();
            for (int n = in.readInt(); n > 0; n--) {
                groups.add(readGroup(in));
            }
            r.world().replace(flows, groups);
        }
    }

    static void writeFlow(DataOutput out, Flow f) throws IOException {
        out.writeLong(f.cookie());
        out.writeInt(f.tblId());
        out.writeLong(f.priority());
        out.writeInt(f.lpm());
        out.writeLong(f.hits());
        for (long w : f.key().words()) {
            out.writeLong(w);
        }
        for (long w : f.mask().words()) {
            out.writeLong(w);
        }
        FlowAction a = f.action();
        out.writeInt(a.gotoTbl());
        out.writeInt(a.groupId());
        out.writeInt(a.newVlanId());
        out.writeInt(a.copyToCpu());
        out.writeInt(a.clearActions());
        out.writeLong(a.tunnelLport());
        out.writeInt(a.writeVlanId());
    }

    static Flow readFlow(DataInput in) throws IOException {
        long cookie = in.readLong();
        int tbl = in.readInt();
        long priority = in.readLong();
        int lpm = in.readInt();
        long hits = in.readLong();
        long[] key = new long[FlowKey.WORDS];
        long[] mask = new long[FlowKey.WORDS];
        for (int i = 0; i < key.length; i++) {
            key[i] = in.readLong();
        }
        for (int i = 0; i < mask.length; i++) {
            mask[i] = in.readLong();
        }
        FlowAction a = new FlowAction(in.readInt(), in.readInt(), in.readInt(), in.readInt(), in.readInt(),
                in.readLong(), in.readInt());
        return new Flow(cookie, tbl, priority, lpm, FlowKey.of(key), FlowKey.of(mask), a).withHits(hits);
    }

    static void writeGroup(DataOutput out, Group g) throws IOException {
        out.writeInt(g.id());
        out.writeLong(g.outPport());
        out.writeInt(g.popVlan());
        out.writeInt(g.lowerGroupId());
        out.writeInt(g.setVlanId());
        out.writeLong(g.setEthSrc());
        out.writeLong(g.setEthDst());
        out.writeInt(g.ttlCheck());
        int[] members = g.groupIds();
        out.writeInt(members.length);
        for (int m : members) {
            out.writeInt(m);
        }
    }

    static Group readGroup(DataInput in) throws IOException {
        int id = in.readInt();
        long outPport = in.readLong();
        int pop = in.readInt();
        int lower = in.readInt();
        int setVlan = in.readInt();
        long src = in.readLong();
        long dst = in.readLong();
        int ttl = in.readInt();
        int[] members = new int[in.readInt()];
        for (int i = 0; i < members.length; i++) {
            members[i] = in.readInt();
        }
        switch (GroupId.type(id)) {
            case GroupId.L2_INTERFACE:
                return Group.l2Interface(id, outPport, pop);
            case GroupId.L2_REWRITE:
            case GroupId.L3_UNICAST:
                return Group.rewrite(id, lower, setVlan, src, dst, ttl);
            case GroupId.L2_FLOOD:
            case GroupId.L2_MULTICAST:
                return Group.flood(id, members);
            default:
                throw new IOException("rocker: group " + GroupId.hex(id) + " of unknown type");
        }
    }
}
