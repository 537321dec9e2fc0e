package org.qmpd.core.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

class VirtualCpuTest {
    @Test
    void eachVcpuIsARealThreadWithItsOwnLinuxTid() throws Exception {
        VirtualCpu cpu0 = new VirtualCpu(0);
        VirtualCpu cpu1 = new VirtualCpu(1);
        cpu0.start();
        cpu1.start();
        try {
            assertNotEquals(cpu0.threadId(), cpu1.threadId());
            long pid = ProcessHandle.current().pid();
            assertTrue(Files.isDirectory(Path.of("/proc/" + pid + "/task/" + cpu0.threadId())));
            String comm = Files.readString(Path.of("/proc/" + pid + "/task/" + cpu1.threadId() + "/comm")).trim();
            assertEquals("CPU 1/TCG", comm);
            assertFalse(cpu0.halted());
            assertTrue(cpu1.halted());
        } finally {
            cpu0.destroy();
            cpu1.destroy();
        }
    }

    @Test
    void pauseWaitsUntilTheThreadHasParked() throws Exception {
        VirtualCpu cpu = new VirtualCpu(0);
        cpu.start();
        assertTrue(cpu.stopped());
        cpu.resume();
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (cpu.stopped() && System.nanoTime() < deadline) {
            Thread.sleep(1);
        }
        assertFalse(cpu.stopped());
        cpu.pause();
        assertTrue(cpu.stopped());
        cpu.destroy();
        assertFalse(cpu.thread().isAlive());
    }

    @Test
    void resetStateIsTheX86ResetVector() {
        X86State s = X86State.reset();
        assertEquals(0xfffffff0L, s.pc());
        assertEquals(0x663, s.regs[2]);
        assertEquals(0x60000010L, s.cr[0]);
    }
}
