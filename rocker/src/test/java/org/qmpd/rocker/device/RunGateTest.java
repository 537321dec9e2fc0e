package org.qmpd.rocker.device;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.qmpd.core.api.RunState;
import org.qmpd.rocker.net.Netdevs;
import org.qmpd.rocker.ofdpa.PacketContext;

/** Switches take frames only while the machine runs, as QEMU's NICs; a frozen world leaves frames untouched. */
class RunGateTest {
    @Test
    void aStoppedMachineFreezesEverySwitchAndHoldsItsReaders() throws Exception {
        Rockers rockers = new Rockers();
        new RockerModel(rockers, new Netdevs()).create("a", Map.of("name", "sw", "len-ports", "1"));
        Rocker sw = rockers.find("sw");
        byte[] frame = new byte[60];
        PacketContext c = new PacketContext();
        assertTrue(c.load(1, frame, 0, frame.length));
        assertTrue(sw.world().ingress(c));

        rockers.runStateChanged(RunState.RUNNING, RunState.PAUSED);
        assertFalse(sw.world().ingress(c), "frozen");
        CountDownLatch passed = new CountDownLatch(1);
        Thread reader = new Thread(() -> {
            try {
                sw.port(1).awaitReady();
                passed.countDown();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        reader.start();
        assertFalse(passed.await(50, TimeUnit.MILLISECONDS), "a backend waits before reading");
        rockers.runStateChanged(RunState.PAUSED, RunState.RUNNING);
        assertTrue(passed.await(5, TimeUnit.SECONDS));
        assertTrue(sw.world().ingress(c));
        reader.join();
        assertEquals(0, sw.cpu().drain().size());
    }
}
