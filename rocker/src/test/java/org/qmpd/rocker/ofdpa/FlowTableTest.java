package org.qmpd.rocker.ofdpa;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;

/** Lookup picks the highest priority, then the longest prefix, and stays one probe per mask. */
class FlowTableTest {
    private static Flow bridging(long cookie, long priority, int vlan, Long dst) {
        FlowKey key = new FlowKey().vlanId(vlan);
        FlowKey mask = new FlowKey().vlanId(0xffff);
        if (dst != null) {
            key.ethDst(dst);
            mask.ethDst(FlowKey.MAC_ALL);
        }
        return new Flow(cookie, Tables.BRIDGING, priority, 0, key, mask, FlowAction.NONE);
    }

    private static long[] frame(int vlan, long dst) {
        long[] f = new long[FlowKey.WORDS];
        f[FlowKey.W_DST] = dst << 16 | vlan;
        return f;
    }

    @Test
    void higherPriorityWinsWhateverTheMask() {
        FlowTable t = new FlowTable();
        Flow wild = bridging(1, 5, 100, null);
        Flow exact = bridging(2, 3, 100, 0x5254_0000_0001L);
        t.add(exact);
        t.add(wild);
        assertSame(wild, t.lookup(frame(100, 0x5254_0000_0001L)));
        t.remove(wild);
        assertSame(exact, t.lookup(frame(100, 0x5254_0000_0001L)));
        assertNull(t.lookup(frame(100, 0x5254_0000_0002L)));
        assertNull(t.lookup(frame(101, 0x5254_0000_0001L)));
    }

    @Test
    void equalPriorityPrefersTheLongestPrefix() {
        FlowTable t = new FlowTable();
        Flow[] routes = new Flow[3];
        int[] lengths = {8, 24, 16};
        for (int i = 0; i < 3; i++) {
            IpPrefix p = IpPrefix.parse("10.1.2.0/" + lengths[i]);
            FlowKey key = new FlowKey().ethType(0x0800).ipv4Dst(p.ipv4());
            FlowKey mask = new FlowKey().ethType(0xffff).ipv4Dst(p.ipv4Mask());
            routes[i] = new Flow(i + 1, Tables.UNICAST_ROUTING, 1, lengths[i], key, mask, FlowAction.NONE);
            t.add(routes[i]);
        }
        long[] f = new long[FlowKey.WORDS];
        f[FlowKey.W_SRC] = 0x0800;
        f[FlowKey.W_IP] = TestFrames.ip(10, 1, 2, 9);
        assertSame(routes[1], t.lookup(f));
        f[FlowKey.W_IP] = TestFrames.ip(10, 1, 3, 9);
        assertSame(routes[2], t.lookup(f));
        f[FlowKey.W_IP] = TestFrames.ip(10, 9, 3, 9);
        assertSame(routes[0], t.lookup(f));
        f[FlowKey.W_IP] = TestFrames.ip(11, 1, 2, 9);
        assertNull(t.lookup(f));
    }

    @Test
    void tenThousandExactFlowsShareOneMask() {
        FlowTable t = new FlowTable();
        Flow dflt = bridging(0, 1, 100, null);
        t.add(dflt);
        Flow[] flows = new Flow[10_000];
        for (int i = 0; i < flows.length; i++) {
            flows[i] = bridging(i + 1, 3, 100, 0x0200_0000_0000L + i);
            t.add(flows[i]);
        }
        assertEquals(2, t.masks());
        for (int i = 0; i < flows.length; i++) {
            assertSame(flows[i], t.lookup(frame(100, 0x0200_0000_0000L + i)));
        }
        assertSame(dflt, t.lookup(frame(100, 0x0300_0000_0000L)));
        for (int i = 0; i < flows.length; i += 2) {
            t.remove(flows[i]);
        }
        assertSame(dflt, t.lookup(frame(100, 0x0200_0000_0000L)));
        assertSame(flows[1], t.lookup(frame(100, 0x0200_0000_0001L)));
    }

    @Test
    void flowsWithTheSameMaskedKeyKeepTheBestFirst() {
        FlowTable t = new FlowTable();
        Flow low = bridging(1, 1, 100, 7L);
        Flow high = bridging(2, 9, 100, 7L);
        t.add(low);
        t.add(high);
        assertSame(high, t.lookup(frame(100, 7)));
        t.remove(high);
        assertSame(low, t.lookup(frame(100, 7)));
        t.remove(low);
        assertNull(t.lookup(frame(100, 7)));
        assertEquals(0, t.masks());
    }
}
