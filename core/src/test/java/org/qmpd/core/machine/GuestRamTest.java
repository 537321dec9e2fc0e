package org.qmpd.core.machine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.lang.reflect.Field;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.qmpd.core.api.GuestMemory;

/** Guest RAM reports never-written pages as zero, without mapping RAM nobody has touched. */
class GuestRamTest {
    private static final int PAGE = GuestMemory.PAGE_SIZE;
    private final GuestRam ram = new GuestRam();

    GuestRamTest() throws Exception {
        MachineState machine = new MachineState();
        machine.setRamSize(64L << 20);
        Field f = GuestRam.class.getDeclaredField("machine");
        f.setAccessible(true);
        f.set(ram, machine);
    }

    @AfterEach
    void close() throws Exception {
        ram.deactivate();
    }

    private Object chunks() throws Exception {
        Field f = GuestRam.class.getDeclaredField("chunks");
        f.setAccessible(true);
        return f.get(ram);
    }

    @Test
    void untouchedRamIsAllZeroAndStaysUnmapped() throws Exception {
        long pages = ram.pageCount();
        assertEquals(pages, ram.countZeroPages(0, pages));
        assertEquals(10, ram.countZeroPages(pages - 10, 10));
        assertNull(chunks(), "counting zero pages of untouched RAM maps nothing");
    }

    @Test
    void countingStopsAtTheFirstPageWritten() throws Exception {
        ram.write(5L * PAGE + 100, new byte[] {1}, 0, 1);
        assertNotNull(chunks());
        assertEquals(5, ram.countZeroPages(0, ram.pageCount()));
        assertEquals(0, ram.countZeroPages(5, 1));
        assertEquals(ram.pageCount() - 6, ram.countZeroPages(6, ram.pageCount() - 6));
    }
}
