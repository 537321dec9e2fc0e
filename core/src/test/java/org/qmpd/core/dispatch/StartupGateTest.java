package org.qmpd.core.dispatch;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

class StartupGateTest {
    @Test
    void commandsWaitWhileStartUpIsInProgress() throws Exception {
        StartupGate gate = new StartupGate();
        gate.begin();
        CountDownLatch passed = new CountDownLatch(1);
        Thread client = new Thread(() -> {
            gate.await();
            passed.countDown();
        });
        client.start();
        assertFalse(passed.await(200, TimeUnit.MILLISECONDS), "held during start-up");
        gate.open();
        assertTrue(passed.await(5, TimeUnit.SECONDS), "released by x-launch-start");
        gate.begin(); // later launcher requests (none in practice) never close it again
        gate.await();
    }

    @Test
    void withoutALauncherTheGateNeverCloses() {
        new StartupGate().await();
    }
}
