package org.qmpd.core.balloon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.qmpd.core.api.ErrorClass;
import org.qmpd.core.api.GuestMemory;
import org.qmpd.core.api.Machine;
import org.qmpd.core.api.MachineExecutor;
import org.qmpd.core.api.QmpException;
import org.qmpd.core.api.RunState;

class BalloonTest {
    static final int RAM = 4 << 20;

    /** RAM in an array, counting page writes. */
    static final class Ram implements GuestMemory {
        final byte[] bytes = new byte[RAM];
        int writes;

        @Override
        public long size() {
            return RAM;
        }

        @Override
        public void read(long address, byte[] dst, int offset, int length) {
            System.arraycopy(bytes, (int) address, dst, offset, length);
        }

        @Override
        public void write(long address, byte[] src, int offset, int length) {
            writes++;
            System.arraycopy(src, offset, bytes, (int) address, length);
        }

        @Override
        public boolean isZeroPage(long page) {
            for (int i = 0; i < PAGE_SIZE; i++) {
                if (bytes[(int) page * PAGE_SIZE + i] != 0) {
                    return false;
                }
            }
            return true;
        }

        @Override
        public DirtyLog startDirtyLog() {
            throw new UnsupportedOperationException();
        }
    }

    /** A machine whose run state the test sets. */
    static final class TestMachine implements Machine {
        RunState state = RunState.RUNNING;

        @Override
        public RunState runState() {
            return state;
        }

        @Override
        public String name() {
            return null;
        }

        @Override
        public void stop(RunState s) {
            state = s;
        }

        @Override
        public void start() {
            state = RunState.RUNNING;
        }

        @Override
        public void setRunState(RunState s) {
            state = s;
        }

        @Override
        public boolean autostart() {
            return true;
        }

        @Override
        public void setAutostart(boolean autostart) {
        }

        @Override
        public void exit(int status) {
        }

        @Override
        public void requestShutdown() {
        }
    }

    /** Runs queued tasks at once, on the caller's thread. */
    static final class Inline implements MachineExecutor {
        @Override
        public void execute(Runnable task) {
            task.run();
        }

        @Override
        public <T> T call(Callable<T> task) throws Exception {
            return task.call();
        }

        @Override
        public boolean isHeldByCurrentThread() {
            return true;
        }
    }

    final Ram ram = new Ram();
    final TestMachine machine = new TestMachine();
    final List<Long> changes = new ArrayList<>();
    Balloon balloon;
    final Object device = new Object();

    @BeforeEach
    void setUp() throws Exception {
        balloon = new Balloon(ram, machine, new Inline(), (name, data) -> changes.add(((Balloon.BalloonChange) data).actual()));
        balloon.register(device);
    }

    @Test
    void withoutDeviceEverythingIsDeviceNotActive() {
        balloon.unregister(device);
        QmpException e = assertThrows(QmpException.class, () -> balloon.actual());
        assertEquals(ErrorClass.DeviceNotActive, e.errorClass());
        assertEquals("No balloon device has been activated", e.desc());
        assertEquals("No balloon device has been activated", assertThrows(QmpException.class, () -> balloon.target(1)).desc());
    }

    @Test
    void onlyOneBalloonAndOnlyPositiveTargets() {
        assertEquals("Only one balloon device is supported", assertThrows(QmpException.class, () -> balloon.register(new Object())).desc());
        assertEquals("Parameter 'target' expects a size", assertThrows(QmpException.class, () -> balloon.target(0)).desc());
        assertEquals("Parameter 'target' expects a size", assertThrows(QmpException.class, () -> balloon.target(-1)).desc());
    }

    @Test
    void inflatingTakesPagesFromTheTopAndZeroesOnlyWrittenOnes() throws Exception {
        Arrays.fill(ram.bytes, RAM - 4096, RAM, (byte) 7);
        Arrays.fill(ram.bytes, 0, 4096, (byte) 9);
        balloon.target(RAM - (3 << 20)); // 768 pages: three batches
        for (int i = 0; i < 5; i++) {
            balloon.step();
        }
        assertEquals(List.of((long) RAM - (1 << 20), (long) RAM - (2 << 20), (long) RAM - (3 << 20)), changes);
        assertEquals(RAM - (3 << 20), balloon.actual());
        assertEquals(1, ram.writes); // only the one page that held data was written
        assertTrue(ram.isZeroPage(RAM / 4096 - 1));
        assertEquals(9, ram.bytes[0]);
    }

    @Test
    void pausedGuestDoesNotMoveAndTargetsAboveRamEmptyTheBalloon() throws Exception {
        balloon.target(RAM / 2);
        machine.state = RunState.PAUSED;
        balloon.step();
        assertEquals(RAM, balloon.actual());
        machine.state = RunState.RUNNING;
        balloon.step();
        balloon.step();
        assertEquals(RAM / 2, balloon.actual());
        balloon.target(10L * RAM);
        balloon.step();
        balloon.step();
        balloon.step();
        assertEquals(RAM, balloon.actual());
        assertEquals(List.of((long) RAM - (1 << 20), (long) RAM / 2, (long) RAM - (1 << 20), (long) RAM), changes);
    }
}
