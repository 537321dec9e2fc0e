package org.qmpd.block.open;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.qmpd.block.driver.OpenException;
import org.qmpd.block.graph.BlockGraph;
import org.qmpd.block.graph.BlockNode;
import org.qmpd.block.graph.NodeOptions;
import org.qmpd.block.qcow2.Qcow2Create;

/** Opening node trees: 2.4's errors, and nothing left in the graph when a step fails. */
class NodeOpenerTest {
    @TempDir
    Path dir;

    static Map<String, Object> m(Object... kv) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            map.put((String) kv[i], kv[i + 1]);
        }
        return map;
    }

    static String error(BlockGraph g, Map<String, Object> opts) {
        return assertThrows(OpenException.class,
                () -> new NodeOpener(g, n -> { }).open(new Opts(opts, true), NodeOptions.DEFAULT)).getMessage();
    }

    @Test
    void errorsReadAs24s() {
        BlockGraph g = new BlockGraph();
        assertEquals("The 'file' block driver requires a file name", error(g, m("driver", "file")));
        assertEquals("A block device must be specified for \"file\"", error(g, m("driver", "qcow2")));
        assertEquals("Invalid node name", error(g, m("driver", "null-co", "node-name", "1x")));
        assertEquals("Cannot find device=nope nor node_name=nope", error(g, m("driver", "raw", "file", "nope")));
        assertEquals("setting detect-zeroes to unmap is not allowed without setting discard operation to unmap",
                error(g, m("driver", "null-co", "detect-zeroes", "unmap")));
        assertEquals("Invalid parameter type for 'size', expected: integer", error(g, m("driver", "null-co", "size", "1M")));
        assertEquals(0, g.nodes().size());
    }

    @Test
    void aFailedOpenLeavesNothingBehind() throws Exception {
        BlockGraph g = new BlockGraph();
        Path img = dir.resolve("t.qcow2");
        Qcow2Create.create(img, Qcow2Create.Spec.of(1 << 20).withBacking("missing.qcow2", "qcow2"));
        String msg = error(g, m("driver", "qcow2", "node-name", "top", "file", m("driver", "file", "node-name", "f",
                "filename", img.toString())));
        assertEquals("Could not open backing file: Could not open '" + dir.resolve("missing.qcow2")
                + "': No such file or directory", msg);
        assertEquals(0, g.nodes().size(), "the file node opened first was closed and unregistered");
        assertNull(g.node("f"));
    }

    @Test
    void referencesAndBackingOverrides() throws Exception {
        BlockGraph g = new BlockGraph();
        Path base = dir.resolve("base.raw");
        Files.write(base, new byte[1 << 20]);
        Path top = dir.resolve("top.qcow2");
        Qcow2Create.create(top, Qcow2Create.Spec.of(1 << 20).withBacking("base.raw", "raw"));
        NodeOpener o = new NodeOpener(g, n -> { });
        BlockNode f = o.open(new Opts(m("driver", "file", "node-name", "f", "filename", top.toString()), true), NodeOptions.DEFAULT);
        BlockNode q = o.open(new Opts(m("driver", "qcow2", "file", "f", "backing", ""), true), NodeOptions.DEFAULT);
        assertEquals(f, q.file(), "a string is a reference to a node");
        assertNull(q.backing(), "backing \"\" opens no backing file");
        BlockNode q2 = new NodeOpener(g, n -> { }).open(new Opts(m("driver", "qcow2", "file",
                m("filename", top.toString())), true), NodeOptions.DEFAULT);
        assertEquals("raw", q2.backing().driver());
        assertTrue(q2.backing().isReadOnly(), "backing files open read-only");
        assertEquals(base.toString(), q2.backing().filename());
    }
}
