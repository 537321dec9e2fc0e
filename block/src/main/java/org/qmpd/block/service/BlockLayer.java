package org.qmpd.block.service;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.qmpd.block.driver.OpenException;
import org.qmpd.block.graph.BlockBackend;
import org.qmpd.block.graph.BlockGraph;
import org.qmpd.block.graph.BlockNode;
import org.qmpd.block.graph.NodeOptions;
import org.qmpd.block.graph.WriteThreshold;
import org.qmpd.block.nbd.NbdServer;
import org.qmpd.block.open.NodeOpener;
import org.qmpd.block.open.Opts;
import org.qmpd.block.qmp.WriteThresholdEvent;
import org.qmpd.core.api.EventBus;

/**
 * The machine's block layer: the {@link BlockGraph} of nodes and backends, the NBD server,
 * and the wiring of node events to QMP ({@code BLOCK_WRITE_THRESHOLD}). Commands change it
 * under the machine lock; I/O threads only read it. Deactivation stops the NBD server and
 * closes every node.
 */
@Component(service = BlockLayer.class)
public final class BlockLayer {
    @Reference
    private EventBus events;

    private final BlockGraph graph = new BlockGraph();
    private final NbdServer nbd = new NbdServer();
    private int unnamedDrives;
    private final List<Consumer<BlockBackend>> deleteListeners = new CopyOnWriteArrayList<>();

    public BlockGraph graph() {
        return graph;
    }

    public NbdServer nbd() {
        return nbd;
    }

    public EventBus events() {
        return events;
    }

    /** Opens a tree of nodes; nothing stays behind on failure. */
    public BlockNode open(Opts options) throws OpenException {
        return opener().open(options, NodeOptions.DEFAULT);
    }

    /** A fresh opener, for callers that roll back when a later step fails. */
    public NodeOpener opener() {
        return new NodeOpener(graph, this::wire);
    }

    private void wire(BlockNode node) {
        node.setThresholdListener(this::thresholdCrossed);
    }

    private void thresholdCrossed(BlockNode node, WriteThreshold.Crossing c) {
        EventBus bus = events;
        if (bus == null) {
            return; // not activated (unit tests)
        }
        bus.emit("BLOCK_WRITE_THRESHOLD", new WriteThresholdEvent(node.nodeName(), c.amountExceeded(), c.threshold()));
    }

    /**
     * Checks a new device name as 2.4's {@code blockdev_init} does: well formed, unique among
     * devices, and not the name of a node.
     */
    public void checkDeviceId(String id) throws OpenException {
        if (!NodeOpener.wellFormed(id)) {
            throw new OpenException("Parameter 'id' expects an identifier");
        }
        if (graph.backend(id) != null) {
            throw new OpenException("Duplicate ID '" + id + "' for drive");
        }
        if (graph.node(id) != null) {
            throw new OpenException("device id=" + id + " is conflicting with a node-name");
        }
    }

    /** Creates the backend {@code id} over the tree {@code nodeOptions} (null: no medium). */
    public BlockBackend createBackend(String id, Map<String, Object> nodeOptions, boolean strict) throws OpenException {
        checkDeviceId(id);
        if (nodeOptions != null && id.equals(nodeOptions.get("node-name"))) {
            throw new OpenException("node-name=" + id + " is conflicting with a device id");
        }
        BlockNode root = null;
        if (nodeOptions != null) {
            Opts opts = new Opts(nodeOptions, strict);
            NodeOpener opener = opener();
            root = opener.open(opts, NodeOptions.DEFAULT);
            List<String> unknown = opts.leftover();
            if (!strict && !unknown.isEmpty()) {
                // -drive: what no driver took, as 2.4's bdrv_open reports it
                opener.rollback();
                throw new OpenException("Block format '" + root.driver() + "' used by device '" + id
                        + "' doesn't support the option '" + unknown.get(0) + "'");
            }
        }
        BlockBackend backend = new BlockBackend(id, root);
        graph.addBackend(backend);
        return backend;
    }

    /** Opens a node tree from the command line ({@code -blockdev}); an option no driver takes is refused. */
    public BlockNode openCommandLine(Map<String, Object> nodeOptions) throws OpenException {
        Opts opts = new Opts(nodeOptions, false);
        NodeOpener opener = opener();
        BlockNode node = opener.open(opts, NodeOptions.DEFAULT);
        List<String> unknown = opts.leftover();
        if (!unknown.isEmpty()) {
            opener.rollback();
            throw new OpenException("Invalid parameter '" + unknown.get(0) + "'");
        }
        return node;
    }

    /**
     * Adds {@code listener}, told (under the machine lock) of each backend about to be deleted,
     * while its nodes are still open: a block job on it is cancelled first, as 2.4's
     * {@code blockdev_mark_auto_del} does.
     */
    public void addDeleteListener(Consumer<BlockBackend> listener) {
        deleteListeners.add(listener);
    }

    public void removeDeleteListener(Consumer<BlockBackend> listener) {
        deleteListeners.remove(listener);
    }

    /**
     * Deletes a backend and closes the nodes only it used (a {@code -drive} whose device was
     * unplugged). Named nodes still referenced elsewhere stay.
     */
    public void deleteBackend(BlockBackend backend) {
        for (Consumer<BlockBackend> l : deleteListeners) {
            l.accept(backend);
        }
        graph.removeBackend(backend);
        BlockNode root = backend.root();
        backend.setRoot(null);
        if (root != null) {
            release(root, null);
        }
    }

    private void release(BlockNode node, BlockNode parent) {
        if (graph.isUsed(node, parent) || !graph.nodes().contains(node)) {
            return;
        }
        graph.removeNode(node);
        try {
            node.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        if (node.file() != null) {
            release(node.file(), node);
        }
        if (node.backing() != null) {
            release(node.backing(), node);
        }
    }

    /** The next number for a drive without an id ({@code none0}, {@code none1}, ...). */
    public int nextUnnamedDrive() {
        int unit = unnamedDrives;
        while (graph.backend("none" + unit) != null) {
            unit++;
        }
        unnamedDrives = unit + 1;
        return unit;
    }

    @Deactivate
    void deactivate() {
        nbd.stop();
        for (BlockNode n : graph.nodes()) {
            try {
                n.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
    }
}
