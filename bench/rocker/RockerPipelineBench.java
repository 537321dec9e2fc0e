/*
 * Rocker OF-DPA pipeline benchmark (issue 6): the forwarding rate of the pipeline alone, on one
 * thread, for 64- and 1500-byte frames bridged within a VLAN with 10 and with 10,000 bridging
 * flows installed, and the per-frame cost with 10,000 flows over the cost with 10 (the target:
 * at most 1.5). No sockets: frames are loaded into a packet context as a backend's thread loads
 * them and the world's output only counts them. QEMU has no comparable figure here (its rocker
 * needs a guest driver to program), so the figures are absolute.
 *
 * Run with bench/rocker/run.sh, which puts the built rocker bundle on the class path.
 */

import java.util.Random;

import org.qmpd.rocker.ofdpa.Bytes;
import org.qmpd.rocker.ofdpa.FlowRules;
import org.qmpd.rocker.ofdpa.FlowSpec;
import org.qmpd.rocker.ofdpa.GroupId;
import org.qmpd.rocker.ofdpa.GroupRules;
import org.qmpd.rocker.ofdpa.GroupSpec;
import org.qmpd.rocker.ofdpa.OfDpaWorld;
import org.qmpd.rocker.ofdpa.PacketContext;

public final class RockerPipelineBench {
    static final int VLAN = 100;
    static final int PORTS = 4;
    static final long MAC_BASE = 0x0200_0000_0000L;

    /** The switch around the world: counts what leaves, learns nothing. */
    static final class CountingPorts implements OfDpaWorld.Ports {
        long out;
        long outBytes;

        @Override
        public void egress(int pport, byte[] frame, int off, int len) {
            out++;
            outBytes += len;
        }

        @Override
        public void toCpu(int inPport, byte[] frame, int off, int len, boolean fwdOffload) {
        }

        @Override
        public void macVlanSeen(OfDpaWorld world, int pport, long mac, int vlanId) {
        }
    }

    static OfDpaWorld world(CountingPorts ports, int flows) throws Exception {
        OfDpaWorld w = new OfDpaWorld(ports);
        FlowSpec ig = spec(1, 0, 1);
        ig.inPport = 0L;
        ig.inPportMask = 0xffff_0000L;
        ig.gotoTbl = 10L;
        w.addFlow(FlowRules.build(ig));
        long[] members = new long[PORTS];
        for (int p = 1; p <= PORTS; p++) {
            FlowSpec v = spec(10 + p, 10, 1);
            v.inPport = (long) p;
            v.vlanId = 0;
            v.newVlanId = VLAN;
            v.gotoTbl = 20L;
            w.addFlow(FlowRules.build(v));
            GroupSpec g = new GroupSpec();
            g.id = (long) GroupId.l2Interface(VLAN, p);
            g.outPport = (long) p;
            g.popVlan = 1;
            w.addGroup(GroupRules.build(g, w));
            members[p - 1] = g.id;
        }
        GroupSpec flood = new GroupSpec();
        flood.id = (long) GroupId.l2Flood(VLAN, 1);
        flood.groupIds = members;
        w.addGroup(GroupRules.build(flood, w));
        FlowSpec dflt = spec(50, 50, 1);
        dflt.vlanId = VLAN;
        dflt.groupId = flood.id;
        dflt.gotoTbl = 60L;
        w.addFlow(FlowRules.build(dflt));
        for (int i = 0; i < flows; i++) {
            FlowSpec b = spec(100_000 + i, 50, 3);
            b.vlanId = VLAN;
            b.ethDst = MAC_BASE + i;
            b.groupId = (long) GroupId.l2Interface(VLAN, 2 + i % (PORTS - 1));
            b.gotoTbl = 60L;
            w.addFlow(FlowRules.build(b));
        }
        return w;
    }

    static FlowSpec spec(long cookie, long tbl, long priority) {
        FlowSpec s = new FlowSpec();
        s.cookie = cookie;
        s.tblId = tbl;
        s.priority = priority;
        return s;
    }

    /**
     * The traffic: a ring of 64 frame buffers (as a receiving thread reuses its buffers, so
     * they stay in cache) and a long random sequence of destinations among the installed MACs,
     * written into each frame as it is sent. Both flow counts see the same traffic shape.
     */
    static final class Traffic {
        final byte[][] ring = new byte[64][];
        final long[] dsts = new long[1 << 16];
        final long[] srcs = new long[1 << 16];

        Traffic(int flows, int size) {
            Random random = new Random(42);
            for (int i = 0; i < ring.length; i++) {
                byte[] f = new byte[size];
                Bytes.putU16(f, 12, 0x0800);
                f[14] = 0x45;
                f[22] = 64;
                f[23] = 17;
                ring[i] = f;
            }
            for (int i = 0; i < dsts.length; i++) {
                dsts[i] = MAC_BASE + random.nextInt(flows);
                srcs[i] = MAC_BASE + random.nextInt(flows);
            }
        }
    }

    /**
     * Forwards frames for {@code millis} and returns the pipeline's cost per frame in CPU
     * nanoseconds of this thread (so that other processes on the machine do not count).
     */
    static double run(OfDpaWorld w, CountingPorts ports, Traffic t, long millis) {
        java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
        PacketContext c = new PacketContext();
        long frameCount = 0;
        long outBefore = ports.out;
        long cpuStart = mx.getCurrentThreadCpuTime();
        long deadline = System.nanoTime() + millis * 1_000_000L;
        byte[][] ring = t.ring;
        long[] dsts = t.dsts;
        long[] srcs = t.srcs;
        int mask = dsts.length - 1;
        int k = 0;
        do {
            for (int i = 0; i < 4096; i++) {
                byte[] f = ring[i & 63];
                Bytes.putMac(f, 0, dsts[k]);
                Bytes.putMac(f, 6, srcs[k]);
                k = k + 1 & mask;
                if (c.load(1, f, 0, f.length)) {
                    w.ingress(c);
                }
            }
            frameCount += 4096;
        } while (System.nanoTime() < deadline);
        long cpu = mx.getCurrentThreadCpuTime() - cpuStart;
        if (ports.out - outBefore != frameCount) {
            throw new IllegalStateException("forwarded " + (ports.out - outBefore) + " of " + frameCount + " frames");
        }
        return (double) cpu / frameCount;
    }

    public static void main(String[] args) throws Exception {
        boolean quick = args.length > 0 && args[0].equals("--quick");
        long warmup = quick ? 1000 : 3000;
        long measure = quick ? 1000 : 3000;
        int rounds = quick ? 2 : 5;
        int[] sizes = {64, 1500};
        int[] flowCounts = {10, 10_000};
        double[][] rate = new double[sizes.length][flowCounts.length];
        System.out.println("rocker OF-DPA pipeline alone, one thread: bridging within a VLAN"
                + " (ingress port, VLAN push, termination MAC miss, bridging hit, ACL miss, L2 interface pop)");
        System.out.println("(frames/s per CPU-second of the forwarding thread; median of " + rounds + " rounds)");
        System.out.printf("%-6s %-7s %14s %10s%n", "frame", "flows", "frames/s", "ns/frame");
        for (int s = 0; s < sizes.length; s++) {
            for (int f = 0; f < flowCounts.length; f++) {
                CountingPorts ports = new CountingPorts();
                OfDpaWorld w = world(ports, flowCounts[f]);
                Traffic traffic = new Traffic(flowCounts[f], sizes[s]);
                run(w, ports, traffic, warmup);
                double[] r = new double[rounds];
                for (int i = 0; i < rounds; i++) {
                    r[i] = run(w, ports, traffic, measure);
                }
                java.util.Arrays.sort(r);
                double ns = r[rounds / 2];
                rate[s][f] = 1e9 / ns;
                System.out.printf("%-6d %-7d %14.0f %10.1f%n", sizes[s], flowCounts[f], rate[s][f], ns);
            }
        }
        for (int s = 0; s < sizes.length; s++) {
            double ratio = rate[s][0] / rate[s][1];
            System.out.printf("per-frame cost, 10000 vs 10 flows, %d-byte frames: %.2fx (target <= 1.5)%n", sizes[s], ratio);
        }
        double slowest = Math.min(Math.min(rate[0][0], rate[0][1]), Math.min(rate[1][0], rate[1][1]));
        System.out.printf("slowest case: %.0f frames/s (target >= 500000)%n", slowest);
    }
}
