package org.qmpd.launcher.it.machine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.qmpd.launcher.it.QmpClient;
import org.qmpd.launcher.it.QmpdProcess;

/** {@code -smp 4} and query-cpus against the real distribution. */
class CpusIT {
    static QmpdProcess qmpd;

    @BeforeAll
    static void start() throws Exception {
        qmpd = QmpdProcess.startTcp("-smp", "4", "-m", "64"); // -m after -smp must not reset the count
    }

    @AfterAll
    static void stop() throws Exception {
        assertEquals(0, qmpd.terminate());
    }

    @Test
    void queryCpusShowsFourVcpusEachOnItsOwnThread() throws Exception {
        try (QmpClient c = qmpd.client()) {
            JsonNode cpus = c.ok("query-cpus");
            assertEquals(4, cpus.size());
            Set<Long> tids = new HashSet<>();
            for (int i = 0; i < 4; i++) {
                JsonNode cpu = cpus.get(i);
                assertEquals(i, cpu.get("CPU").asInt());
                assertEquals(i == 0, cpu.get("current").asBoolean());
                assertEquals(i != 0, cpu.get("halted").asBoolean());
                assertEquals("/machine/unattached/device[" + 2 * i + "]", cpu.get("qom_path").asText());
                assertEquals(0xfffffff0L, cpu.get("pc").asLong());
                long tid = cpu.get("thread_id").asLong();
                assertTrue(tids.add(tid));
                Path task = Path.of("/proc/" + qmpd.pid() + "/task/" + tid);
                assertTrue(Files.isDirectory(task), "thread " + tid + " is not a thread of qmpd " + qmpd.pid());
                assertEquals("CPU " + i + "/TCG", Files.readString(task.resolve("comm")).trim());
                assertEquals("qemu64-x86_64-cpu", c.ok("qom-get", Map.of("path", cpu.get("qom_path").asText(), "property", "type")).asText());
            }
            assertTrue(!tids.contains(qmpd.pid()), "a vCPU thread is not the process's main thread");
            assertEquals("apic", c.ok("qom-get", Map.of("path", "/machine/unattached/device[1]", "property", "type")).asText());
            assertEquals("Invalid parameter 'x'", c.error("query-cpus", Map.of("x", 1)).get("desc").asText());
        }
    }
}
