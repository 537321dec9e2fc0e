package org.qmpd.block.open;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.qmpd.block.driver.OpenException;

/** {@code -drive} option strings turned into block options as 2.4's {@code drive_new} does. */
class DriveOptionsTest {
    static Map<String, String> flat(String... kv) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return m;
    }

    @Test
    void fileAndFormatBecomeAFormatNodeOverAFileChild() throws Exception {
        DriveOptions.Drive d = DriveOptions.parse(flat("file", "/x.qcow2", "if", "none", "id", "d0", "format", "qcow2",
                "node-name", "n0", "readonly", "on", "cache", "none", "cache.no-flush", "on"), 0);
        assertEquals("d0", d.id());
        assertEquals(Map.of("writeback", "on", "direct", "on", "no-flush", "on"), d.node().get("cache"),
                "cache=none, then cache.no-flush overrides one flag");
        assertEquals("qcow2", d.node().get("driver"));
        assertEquals("on", d.node().get("read-only"));
        @SuppressWarnings("unchecked")
        Map<String, Object> file = (Map<String, Object>) d.node().get("file");
        assertEquals("/x.qcow2", file.get("filename"));
    }

    @Test
    void blkdebugFilenamesAndGeneratedIds() throws Exception {
        DriveOptions.Drive d = DriveOptions.parse(flat("file", "blkdebug:/c.conf:/img.raw", "format", "raw"), 3);
        assertEquals("none3", d.id());
        @SuppressWarnings("unchecked")
        Map<String, Object> file = (Map<String, Object>) d.node().get("file");
        assertEquals("blkdebug", file.get("driver"));
        assertEquals("/c.conf", file.get("config"));
        assertNull(DriveOptions.parse(flat("if", "none", "id", "empty"), 0).node(), "no medium");
    }

    @Test
    void badDrivesGet24sWords() {
        assertEquals("invalid cache option",
                assertThrows(OpenException.class, () -> DriveOptions.parse(flat("file", "/x", "cache", "bogus"), 0)).getMessage());
        assertEquals("Parameter 'id' expects an identifier",
                assertThrows(OpenException.class, () -> DriveOptions.parse(flat("file", "/x", "id", "1bad"), 0)).getMessage());
    }

    @Test
    void qemuOptsValuesParseAsQemuParsesThem() throws Exception {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("a", "on");
        m.put("b", "64k");
        m.put("c", "0x10");
        m.put("d", "maybe");
        Opts o = new Opts(m, false);
        assertEquals(true, o.bool("a"));
        assertEquals(65536L, o.size("b"));
        assertEquals(16L, o.number("c"));
        assertEquals("Parameter 'd' expects 'on' or 'off'", assertThrows(OpenException.class, () -> o.bool("d")).getMessage());
        Opts strict = new Opts(m, true);
        assertEquals("Invalid parameter type for 'a', expected: boolean",
                assertThrows(OpenException.class, () -> strict.bool("a")).getMessage());
    }
}
