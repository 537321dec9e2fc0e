package org.qmpd.launcher.it.machine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.zip.Inflater;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.qmpd.launcher.it.QmpClient;
import org.qmpd.launcher.it.QmpdProcess;

/**
 * dump-guest-memory against the real distribution: guest RAM is first written with known
 * bytes ({@code x-guest-memory-write}), then the ELF dump is read with {@code readelf -a} and
 * its PT_LOAD segments compared byte for byte, and the kdump file is rebuilt from its
 * flattened records (and by {@code makedumpfile -R} where installed) and every page
 * decompressed and compared.
 */
class DumpIT {
    static final int RAM = 32 << 20;
    static QmpdProcess qmpd;
    static QmpClient c;
    static Path dir;
    static final byte[] expected = new byte[RAM];

    @BeforeAll
    static void start() throws Exception {
        qmpd = QmpdProcess.startTcp("-m", "32", "-smp", "2");
        c = qmpd.client();
        dir = QmpdProcess.tempDir("dump");
        Random random = new Random(42);
        for (long addr : new long[] {0, 0x1000, 0x9f000, 0x100000, 5 << 20, RAM - 8192}) {
            byte[] chunk = new byte[8192];
            random.nextBytes(chunk);
            if (addr == 0x100000) {
                Arrays.fill(chunk, (byte) 'q'); // a compressible page for kdump
            }
            c.ok("x-guest-memory-write", Map.of("addr", addr, "data", Base64.getEncoder().encodeToString(chunk)));
            System.arraycopy(chunk, 0, expected, (int) addr, chunk.length);
        }
    }

    @AfterAll
    static void stop() throws Exception {
        c.close();
        assertEquals(0, qmpd.terminate());
    }

    static String desc(JsonNode error) {
        return error.get("class").asText() + ": " + error.get("desc").asText();
    }

    /** The guest-physical image of an ELF core's PT_LOAD segments, checked to be ELF64 x86-64 cores. */
    static byte[] loadSegments(Path elf, long ramSize) throws IOException {
        ByteBuffer f = ByteBuffer.wrap(Files.readAllBytes(elf)).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(0x464c457f, f.getInt(0));
        assertEquals(4, f.getShort(16));
        assertEquals(62, f.getShort(18));
        byte[] ram = new byte[(int) ramSize];
        int phnum = f.getShort(56);
        for (int i = 0; i < phnum; i++) {
            int ph = (int) f.getLong(32) + i * f.getShort(54);
            if (f.getInt(ph) == 1) {
                int offset = (int) f.getLong(ph + 8);
                int paddr = (int) f.getLong(ph + 24);
                int size = (int) f.getLong(ph + 32);
                f.get(offset, ram, paddr, size);
            }
        }
        return ram;
    }

    static String run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), String.join(" ", command) + ": " + out);
        return out;
    }

    @Test
    void elfDumpIsReadByReadelfAndHoldsGuestRamByteForByte() throws Exception {
        Path file = dir.resolve("guest.elf");
        c.ok("dump-guest-memory", Map.of("paging", false, "protocol", "file:" + file));
        JsonNode stop = c.event("STOP");
        JsonNode resume = c.event("RESUME");
        assertTrue(stop != null && resume != null);
        assertEquals("running", c.ok("query-status").get("status").asText());
        assertEquals("r--------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));

        String readelf = run("readelf", "-a", "-W", file.toString());
        assertTrue(readelf.contains("Type:                              CORE (Core file)"), readelf);
        assertTrue(readelf.contains("Advanced Micro Devices X86-64"), readelf);
        assertEquals(2, readelf.split("NT_PRSTATUS", -1).length - 1, readelf);
        assertTrue(readelf.matches("(?s).*LOAD\\s+0x[0-9a-f]+ 0x0+ 0x0+ 0x0*2000000 0x0*2000000 .*"), readelf);
        assertArrayEquals(expected, loadSegments(file, RAM));
    }

    @Test
    void gdbReadsEveryVcpuAndGuestMemoryFromAPagingDump() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/gdb")), "gdb is not installed");
        Path file = dir.resolve("paging.elf");
        c.ok("dump-guest-memory", Map.of("paging", true, "protocol", "file:" + file));
        String out = run("gdb", "-nx", "-batch", "-ex", "info threads", "-ex", "thread 2", "-ex", "info registers rip",
                "-ex", "x/4xb 0x501ffc", "-c", file.toString());
        assertTrue(out.contains("LWP 1") && out.contains("LWP 2"), out);
        assertTrue(out.matches("(?s).*rip\\s+0xfff0.*"), out);
        StringBuilder bytes = new StringBuilder();
        for (int i = 0; i < 4; i++) {
            bytes.append(String.format("\t0x%02x", expected[(5 << 20) + 8192 - 4 + i] & 0xff));
        }
        // vaddr == paddr: no vCPU has paging on
        assertTrue(out.contains("0x501ffc:" + bytes), out + " expected " + bytes);
    }

    @Test
    void filteredDumpHoldsOnlyTheRange() throws Exception {
        Path file = dir.resolve("range.elf");
        c.ok("dump-guest-memory", Map.of("paging", true, "protocol", "file:" + file, "begin", 0x9f000, "length", 0x3000));
        String readelf = run("readelf", "-l", "-W", file.toString());
        assertTrue(readelf.matches("(?s).*LOAD\\s+0x[0-9a-f]+ 0x0+ 0x0+9f000 0x0*3000 0x0*3000 .*"), readelf);
        byte[] ram = loadSegments(file, RAM);
        assertArrayEquals(Arrays.copyOfRange(expected, 0x9f000, 0xa2000), Arrays.copyOfRange(ram, 0x9f000, 0xa2000));
        assertEquals(0, ram[0x1000]);
    }

    @Test
    void kdumpZlibDumpDecompressesToGuestRam() throws Exception {
        Path file = dir.resolve("guest.kdump");
        c.ok("dump-guest-memory", Map.of("paging", false, "protocol", "file:" + file, "format", "kdump-zlib"));
        assertTrue(run("file", file.toString()).contains("Flattened kdump compressed dump v6, machine x86_64"));
        assertArrayEquals(expected, readKdump(rearrange(Files.readAllBytes(file))));
        if (Files.isExecutable(Path.of("/usr/sbin/makedumpfile")) || Files.isExecutable(Path.of("/usr/bin/makedumpfile"))) {
            Path plain = dir.resolve("guest.kdump.plain");
            run("sh", "-c", "makedumpfile -R '" + plain + "' < '" + file + "'");
            assertArrayEquals(expected, readKdump(Files.readAllBytes(plain)));
        }
    }

    /** The file a flattened kdump stands for, as {@code makedumpfile -R} rebuilds it. */
    static byte[] rearrange(byte[] flat) {
        ByteBuffer in = ByteBuffer.wrap(flat);
        assertEquals("makedumpfile", new String(flat, 0, 12, StandardCharsets.US_ASCII));
        in.position(4096);
        byte[] out = new byte[0];
        while (true) {
            long offset = in.getLong();
            long size = in.getLong();
            if (offset == -1) {
                return out;
            }
            if (offset + size > out.length) {
                out = Arrays.copyOf(out, (int) (offset + size));
            }
            in.get(out, (int) offset, (int) size);
        }
    }

    /** Guest RAM from a kdump-compressed file: bitmap, page descriptors, zlib pages. */
    static byte[] readKdump(byte[] file) throws Exception {
        ByteBuffer f = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals("KDUMP   ", new String(file, 0, 8, StandardCharsets.US_ASCII));
        int h = 12 + 6 * 65 + 22;
        int blockSize = f.getInt(h + 4);
        int subHdr = f.getInt(h + 8);
        int bitmapBlocks = f.getInt(h + 12);
        int maxMapnr = f.getInt(h + 16);
        assertEquals(2, f.getInt(h + 36));
        byte[] ram = new byte[maxMapnr * blockSize];
        int bitmap = (1 + subHdr) * blockSize;
        int desc = (1 + subHdr + bitmapBlocks) * blockSize;
        Inflater zlib = new Inflater();
        int n = 0;
        for (int pfn = 0; pfn < maxMapnr; pfn++) {
            if ((file[bitmap + pfn / 8] & (1 << (pfn % 8))) == 0) {
                continue;
            }
            int d = desc + 24 * n++;
            int offset = (int) f.getLong(d);
            int size = f.getInt(d + 8);
            if (f.getInt(d + 12) == 1) {
                zlib.reset();
                zlib.setInput(file, offset, size);
                assertEquals(blockSize, zlib.inflate(ram, pfn * blockSize, blockSize));
            } else {
                System.arraycopy(file, offset, ram, pfn * blockSize, size);
            }
        }
        assertEquals(maxMapnr, n);
        return ram;
    }

    @Test
    void capabilityListsWhatThisBuildWrites() throws Exception {
        assertEquals("{\"formats\":[\"elf\",\"kdump-zlib\"]}", c.ok("query-dump-guest-memory-capability").toString());
    }

    @Test
    void badRequestsGetTwoFourErrorsAndCreateNoFile() throws Exception {
        Path file = dir.resolve("never");
        String proto = "file:" + file;
        assertEquals("GenericError: kdump-compressed format doesn't support paging or filter",
                desc(c.error("dump-guest-memory", Map.of("paging", true, "protocol", proto, "format", "kdump-zlib"))));
        assertEquals("GenericError: kdump-compressed format doesn't support paging or filter",
                desc(c.error("dump-guest-memory", Map.of("paging", false, "protocol", proto, "format", "kdump-lzo", "begin", 0))));
        assertEquals("GenericError: Parameter 'length' is missing",
                desc(c.error("dump-guest-memory", Map.of("paging", false, "protocol", proto, "begin", 0))));
        assertEquals("GenericError: Parameter 'begin' is missing",
                desc(c.error("dump-guest-memory", Map.of("paging", false, "protocol", proto, "length", 4096))));
        assertEquals("GenericError: kdump-lzo is not available now",
                desc(c.error("dump-guest-memory", Map.of("paging", false, "protocol", proto, "format", "kdump-lzo"))));
        assertEquals("GenericError: kdump-snappy is not available now",
                desc(c.error("dump-guest-memory", Map.of("paging", false, "protocol", proto, "format", "kdump-snappy"))));
        assertEquals("GenericError: Invalid parameter 'win-dmp'",
                desc(c.error("dump-guest-memory", Map.of("paging", false, "protocol", proto, "format", "win-dmp"))));
        assertEquals("GenericError: File descriptor named 'nosuchfd' has not been found",
                desc(c.error("dump-guest-memory", Map.of("paging", false, "protocol", "fd:nosuchfd"))));
        assertEquals("GenericError: Invalid parameter 'protocol'",
                desc(c.error("dump-guest-memory", Map.of("paging", false, "protocol", "bogus"))));
        assertEquals("GenericError: Invalid parameter 'begin'",
                desc(c.error("dump-guest-memory", Map.of("paging", false, "protocol", proto, "begin", RAM, "length", 4096))));
        assertEquals("GenericError: Invalid parameter 'end'",
                desc(c.error("dump-guest-memory", Map.of("paging", false, "protocol", proto, "end", 4096))));
        assertEquals("GenericError: Parameter 'paging' is missing",
                desc(c.error("dump-guest-memory", Map.of("protocol", proto))));
        assertEquals("GenericError: Could not open '/nonexistent/dir/x': No such file or directory",
                desc(c.error("dump-guest-memory", Map.of("paging", false, "protocol", "file:/nonexistent/dir/x"))));
        assertEquals("GenericError: Could not open '" + dir + "': Is a directory",
                desc(c.error("dump-guest-memory", Map.of("paging", false, "protocol", "file:" + dir))));
        assertTrue(!Files.exists(file));
        for (String name : List.of("never")) {
            assertTrue(!Files.exists(dir.resolve(name)));
        }
    }
}
