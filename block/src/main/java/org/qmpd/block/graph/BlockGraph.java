package org.qmpd.block.graph;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Every node and backend of the machine, in the order QEMU lists them: named nodes in the
 * order they got their names, backends in creation order. Lookups follow QEMU's rules
 * ({@link #lookup}: device name first, then node name). Changed under the machine lock; the
 * lists are copy-on-write so I/O threads read them without a lock.
 */
public final class BlockGraph {
    private final List<BlockNode> nodes = new CopyOnWriteArrayList<>();
    private final List<BlockBackend> backends = new CopyOnWriteArrayList<>();

    /** Every node still open, named or not, children before their parents. */
    public List<BlockNode> nodes() {
        return List.copyOf(nodes);
    }

    /** The named nodes, in naming order ({@code query-named-block-nodes}). */
    public List<BlockNode> namedNodes() {
        List<BlockNode> named = new ArrayList<>();
        for (BlockNode n : nodes) {
            if (n.nodeName() != null) {
                named.add(n);
            }
        }
        return named;
    }

    public List<BlockBackend> backends() {
        return List.copyOf(backends);
    }

    public void addNode(BlockNode node) {
        nodes.add(node);
    }

    public void removeNode(BlockNode node) {
        nodes.remove(node);
    }

    public void addBackend(BlockBackend backend) {
        backends.add(backend);
    }

    public void removeBackend(BlockBackend backend) {
        backends.remove(backend);
    }

    /** The backend with device name {@code name} (never matches the anonymous ones), or null. */
    public BlockBackend backend(String name) {
        if (name == null || name.isEmpty()) {
            return null;
        }
        for (BlockBackend b : backends) {
            if (b.name().equals(name)) {
                return b;
            }
        }
        return null;
    }

    /** The node named {@code name}, or null ({@code bdrv_find_node}). */
    public BlockNode node(String name) {
        if (name == null) {
            return null;
        }
        for (BlockNode n : nodes) {
            if (name.equals(n.nodeName())) {
                return n;
            }
        }
        return null;
    }

    /** The root of device {@code name} if there is one, else the node so named ({@code bdrv_lookup_bs}). */
    public BlockNode lookup(String name) {
        BlockBackend b = backend(name);
        if (b != null && b.root() != null) {
            return b.root();
        }
        return node(name);
    }

    /** The backend whose root is {@code node}, or null. */
    public BlockBackend backendOf(BlockNode node) {
        for (BlockBackend b : backends) {
            if (b.root() == node) {
                return b;
            }
        }
        return null;
    }

    /** Whether any backend or node other than {@code except} still uses {@code node} as root or child. */
    public boolean isUsed(BlockNode node, BlockNode except) {
        for (BlockBackend b : backends) {
            if (b.root() == node) {
                return true;
            }
        }
        for (BlockNode n : nodes) {
            if (n != except && (n.file() == node || n.backing() == node)) {
                return true;
            }
        }
        return false;
    }
}
