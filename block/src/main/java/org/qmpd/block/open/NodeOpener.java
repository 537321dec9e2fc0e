package org.qmpd.block.open;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

import org.qmpd.block.driver.BlkdebugConfig;
import org.qmpd.block.driver.BlkdebugNode;
import org.qmpd.block.driver.BlkdebugRule;
import org.qmpd.block.driver.FileNode;
import org.qmpd.block.driver.NullNode;
import org.qmpd.block.driver.OpenException;
import org.qmpd.block.driver.RawNode;
import org.qmpd.block.graph.BlockGraph;
import org.qmpd.block.graph.BlockNode;
import org.qmpd.block.graph.NodeOptions;
import org.qmpd.block.qcow2.Qcow2Header;
import org.qmpd.block.qcow2.Qcow2Node;

/**
 * Opens a tree of nodes from block options ({@code BlockdevOptions} of 2.4: {@code driver},
 * {@code node-name}, {@code read-only}, {@code cache.*}, {@code detect-zeroes},
 * {@code discard}, and each driver's own members), as {@code bdrv_open} does: children first
 * ({@code file}, {@code image}, then a qcow2 image's backing file, resolved relative to the
 * image and opened read-only), each named node registered in the graph as it opens. If any
 * step fails, everything opened so far is closed and unregistered, and the error carries
 * QEMU's words.
 */
public final class NodeOpener {
    /** The drivers of 2.4's {@code BlockdevDriver} enum; of these, qmpd implements {@link #SUPPORTED}. */
    static final Set<String> KNOWN_DRIVERS = Set.of("archipelago", "cloop", "dmg", "file", "ftp", "ftps",
            "host_cdrom", "host_device", "host_floppy", "http", "https", "tftp", "vvfat", "blkdebug",
            "blkverify", "bochs", "null-aio", "null-co", "parallels", "qcow", "qcow2", "qed", "quorum", "raw",
            "vdi", "vhdx", "vmdk", "vpc");
    static final Set<String> SUPPORTED = Set.of("file", "raw", "qcow2", "null-co", "null-aio", "blkdebug");

    private final BlockGraph graph;
    private final Consumer<BlockNode> registrar;
    private final List<BlockNode> opened = new ArrayList<>();

    /** {@code registrar} is told of every node as it joins the graph (to wire its events). */
    public NodeOpener(BlockGraph graph, Consumer<BlockNode> registrar) {
        this.graph = graph;
        this.registrar = registrar;
    }

    /** Opens the tree; {@code inherited} are the parent's flags (read-only, cache). */
    public BlockNode open(Opts o, NodeOptions inherited) throws OpenException {
        try {
            return openNode(o, inherited, false);
        } catch (OpenException | RuntimeException e) {
            rollback();
            throw e;
        }
    }

    /** Closes and unregisters what this opener opened (a later step of the caller failed). */
    public void rollback() {
        for (int i = opened.size() - 1; i >= 0; i--) {
            BlockNode n = opened.get(i);
            graph.removeNode(n);
            try {
                n.close();
            } catch (IOException ignored) {
                // nothing more to release
            }
        }
        opened.clear();
    }

    private BlockNode openNode(Opts o, NodeOptions inherited, boolean probe) throws OpenException {
        String driver = o.str("driver");
        if (driver == null) {
            throw new OpenException("Parameter 'driver' is missing");
        }
        if (!KNOWN_DRIVERS.contains(driver) && o.strict()) {
            throw new OpenException("Invalid parameter '" + driver + "'");
        }
        if (!SUPPORTED.contains(driver)) {
            throw new OpenException("Unknown driver '" + driver + "'");
        }
        String nodeName = o.str("node-name");
        if (nodeName != null) {
            checkNodeName(nodeName);
        }
        NodeOptions opts = common(o, inherited);
        BlockNode node;
        switch (driver) {
            case "file": {
                String filename = o.str("filename");
                if (filename == null) {
                    throw new OpenException("The 'file' block driver requires a file name");
                }
                o.raw("aio");
                node = FileNode.open(filename, opts);
                break;
            }
            case "null-co":
            case "null-aio": {
                Long size = o.size("size");
                Long latency = o.number("latency-ns");
                node = new NullNode(size == null ? NullNode.DEFAULT_SIZE : size, latency == null ? 0 : latency, opts);
                break;
            }
            case "raw":
                node = new RawNode(child(o, "file", opts), opts);
                break;
            case "qcow2":
                node = qcow2(o, opts);
                break;
            case "blkdebug":
                node = blkdebug(o, opts);
                break;
            default:
                throw new OpenException("Unknown driver '" + driver + "'");
        }
        opened.add(node);
        node.setNodeName(nodeName);
        graph.addNode(node);
        registrar.accept(node);
        return node;
    }

    private void checkNodeName(String name) throws OpenException {
        if (!wellFormed(name)) {
            throw new OpenException("Invalid node name");
        }
        if (graph.backend(name) != null) {
            throw new OpenException("node-name=" + name + " is conflicting with a device id");
        }
        if (graph.node(name) != null) {
            throw new OpenException("Duplicate node name");
        }
    }

    /** QEMU's {@code id_wellformed}: a letter, then letters, digits, {@code - . _}. */
    public static boolean wellFormed(String id) {
        if (id.isEmpty() || !Character.isLetter(id.charAt(0)) || id.charAt(0) > 127) {
            return false;
        }
        for (int i = 1; i < id.length(); i++) {
            char c = id.charAt(i);
            if (c > 127 || !(Character.isLetterOrDigit(c) || c == '-' || c == '.' || c == '_')) {
                return false;
            }
        }
        return true;
    }

    private NodeOptions common(Opts o, NodeOptions inherited) throws OpenException {
        boolean ro = o.bool("read-only", inherited.readOnly());
        boolean writeback = inherited.writeback();
        boolean direct = inherited.direct();
        boolean noFlush = inherited.noFlush();
        Opts cache = o.child("cache");
        if (cache != null) {
            writeback = cache.bool("writeback", writeback);
            direct = cache.bool("direct", direct);
            noFlush = cache.bool("no-flush", noFlush);
        }
        String discard = o.str("discard");
        boolean unmap = inherited.discardUnmap();
        if (discard != null) {
            switch (discard) {
                case "ignore": case "off": unmap = false; break;
                case "unmap": case "on": unmap = true; break;
                default: throw new OpenException("Invalid parameter '" + discard + "'");
            }
        }
        String dz = o.str("detect-zeroes");
        if (dz == null) {
            dz = inherited.detectZeroes();
        } else if (!dz.equals("off") && !dz.equals("on") && !dz.equals("unmap")) {
            throw new OpenException("Invalid parameter '" + dz + "'");
        }
        if (dz.equals("unmap") && !unmap) {
            throw new OpenException("setting detect-zeroes to unmap is not allowed without setting discard operation to unmap");
        }
        o.raw("rerror");
        o.raw("werror");
        return new NodeOptions(ro, writeback, direct, noFlush, dz, unmap);
    }

    /** A child given inline (options), by reference (a node name) or, for {@code file}, required. */
    private BlockNode child(Opts o, String key, NodeOptions parent) throws OpenException {
        Object v = o.raw(key);
        if (v == null) {
            throw new OpenException("A block device must be specified for \"" + key + "\"");
        }
        if (v instanceof String) {
            BlockNode ref = graph.lookup((String) v);
            if (ref == null) {
                throw new OpenException("Cannot find device=" + v + " nor node_name=" + v);
            }
            return ref;
        }
        Opts c = o.child(key);
        if (c == null) {
            throw new OpenException("Invalid parameter type for '" + key + "', expected: object");
        }
        if (!c.has("driver") && c.has("filename")) {
            c.put("driver", "file");
        }
        return openNode(c, parent, false);
    }

    private BlockNode qcow2(Opts o, NodeOptions opts) throws OpenException {
        BlockNode file = child(o, "file", opts);
        for (String k : new String[] {"lazy-refcounts", "pass-discard-request", "pass-discard-snapshot",
                "pass-discard-other", "overlap-check", "cache-size", "l2-cache-size", "refcount-cache-size",
                "cache-clean-interval"}) {
            o.raw(k);
        }
        Qcow2Node node = Qcow2Node.open(file, opts);
        Object backing = o.raw("backing");
        NodeOptions backingOpts = opts.withReadOnly(true);
        if (backing instanceof String) {
            if (!((String) backing).isEmpty()) {
                BlockNode ref = graph.lookup((String) backing);
                if (ref == null) {
                    throw new OpenException("Cannot find device=" + backing + " nor node_name=" + backing);
                }
                node.setBacking(ref);
            }
        } else if (backing instanceof Map) {
            node.setBacking(openNode(o.child("backing"), backingOpts, false));
        } else if (node.backingFileName() != null) {
            String path = resolveBacking(file.filename(), node.backingFileName());
            Map<String, Object> b = new LinkedHashMap<>();
            Map<String, Object> f = new LinkedHashMap<>();
            f.put("driver", "file");
            f.put("filename", path);
            String fmt = node.backingFormat() != null ? node.backingFormat() : probe(path);
            b.put("driver", fmt);
            b.put("file", f);
            try {
                node.setBacking(openNode(new Opts(b, true), backingOpts, true));
            } catch (OpenException e) {
                throw new OpenException("Could not open backing file: " + e.getMessage());
            }
        }
        return node;
    }

    /** {@code path_combine}: a relative backing file name is relative to the image's directory. */
    public static String resolveBacking(String imageFilename, String backing) {
        if (backing.startsWith("/") || backing.contains("://")) {
            return backing;
        }
        Path parent = Path.of(imageFilename).getParent();
        return parent == null ? backing : parent.resolve(backing).toString();
    }

    /** Guesses the format of a file as 2.4's probing does for the formats qmpd knows. */
    public static String probe(String filename) {
        try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(Path.of(filename))) {
            ByteBuffer b = ByteBuffer.allocate(4);
            ch.read(b, 0);
            return b.position() == 4 && b.getInt(0) == Qcow2Header.MAGIC ? "qcow2" : "raw";
        } catch (IOException e) {
            return "raw";
        }
    }

    private BlockNode blkdebug(Opts o, NodeOptions opts) throws OpenException {
        String config = o.str("config");
        List<BlkdebugRule> rules = new ArrayList<>();
        if (config != null && !config.isEmpty()) {
            rules.addAll(BlkdebugConfig.readFile(config));
        }
        for (Opts r : o.list("inject-error")) {
            rules.add(BlkdebugConfig.rule("inject-error", strings(r)));
        }
        for (Opts r : o.list("set-state")) {
            rules.add(BlkdebugConfig.rule("set-state", strings(r)));
        }
        o.raw("align");
        BlockNode image = child(o, "image", opts);
        String spec = "blkdebug:" + (config == null ? "" : config) + ":" + image.filename();
        return new BlkdebugNode(image, spec, rules, opts);
    }

    private static Map<String, String> strings(Opts r) {
        Map<String, String> m = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : r.map().entrySet()) {
            Object v = e.getValue();
            m.put(e.getKey().replace('-', '_'), v instanceof Boolean ? ((Boolean) v ? "on" : "off") : String.valueOf(v));
        }
        return m;
    }
}
