package org.qmpd.block.job;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.qmpd.block.graph.BlockBackend;
import org.qmpd.block.graph.BlockGraph;
import org.qmpd.block.graph.BlockNode;

/**
 * Backing-chain lookups and surgery the stream and commit jobs share, with 2.4's rules:
 * images are named by file name, compared as {@code bdrv_find_backing_image} compares them
 * (each name made relative to the image that refers to it, then resolved with
 * {@code realpath}); nodes a job takes out of a chain are closed unless something else still
 * uses them.
 */
public final class Chain {
    private Chain() {
    }

    /**
     * {@code bdrv_find_backing_image}: the image below {@code bs} (not {@code bs} itself) that
     * the layer above it names {@code name}, or null.
     */
    public static BlockNode findBackingImage(BlockNode bs, String name) {
        if (bs == null || name == null) {
            return null;
        }
        boolean protocol = hasProtocol(name);
        for (BlockNode cur = bs; cur.backing() != null; cur = cur.backing()) {
            String backingFile = cur.backingFileName() != null ? cur.backingFileName() : cur.backing().filename();
            if (protocol || hasProtocol(backingFile)) {
                if (name.equals(backingFile)) {
                    return cur.backing();
                }
                continue;
            }
            String wanted = realpath(combine(cur.filename(), name));
            String actual = realpath(combine(cur.filename(), backingFile));
            if (wanted != null && wanted.equals(actual)) {
                return cur.backing();
            }
        }
        return null;
    }

    /** {@code bdrv_find_base}: the bottom image of {@code top}'s chain ({@code top} if it has no backing). */
    public static BlockNode base(BlockNode top) {
        BlockNode n = top;
        while (n.backing() != null) {
            n = n.backing();
        }
        return n;
    }

    /** {@code bdrv_find_overlay}: the image in {@code active}'s chain whose backing is {@code node}, or null. */
    public static BlockNode overlay(BlockNode active, BlockNode node) {
        for (BlockNode n = active; n != null; n = n.backing()) {
            if (n.backing() == node) {
                return n;
            }
        }
        return null;
    }

    /** Whether {@code node} is in {@code top}'s chain, {@code top} included. */
    public static boolean contains(BlockNode top, BlockNode node) {
        for (BlockNode n = top; n != null; n = n.backing()) {
            if (n == node) {
                return true;
            }
        }
        return false;
    }

    /** The images from {@code from} down to, not including, {@code until}. */
    public static List<BlockNode> between(BlockNode from, BlockNode until) {
        List<BlockNode> list = new ArrayList<>();
        for (BlockNode n = from; n != null && n != until; n = n.backing()) {
            list.add(n);
        }
        return list;
    }

    /** {@code path_has_protocol}: a colon before any slash. */
    static boolean hasProtocol(String path) {
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            if (c == ':') {
                return true;
            }
            if (c == '/' || c == '\\') {
                return false;
            }
        }
        return false;
    }

    /** {@code path_combine}: {@code name} relative to the directory of {@code base}, unless absolute. */
    static String combine(String base, String name) {
        int colon = name.indexOf(':');
        if (name.startsWith("/") || colon >= 0 && name.startsWith("/", colon + 1)) {
            return name;
        }
        int afterProtocol = base.indexOf(':') + 1;
        int afterSlash = base.lastIndexOf('/') + 1;
        return base.substring(0, Math.max(afterProtocol, afterSlash)) + name;
    }

    private static String realpath(String path) {
        try {
            return Path.of(path).toRealPath().toString();
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /**
     * Takes {@code dropped} (images no longer in any chain) out of the graph and closes them
     * with their protocol children, except those a device or another node still uses.
     */
    public static void drop(BlockGraph graph, List<BlockNode> dropped) {
        Set<BlockNode> gone = new HashSet<>();
        for (BlockNode n : dropped) {
            for (BlockNode f = n; f != null; f = f.file()) {
                gone.add(f);
            }
        }
        for (BlockNode n : dropped) {
            if (usedOutside(graph, n, gone)) {
                continue;
            }
            for (BlockNode f = n; f != null; f = f.file()) {
                graph.removeNode(f);
                try {
                    f.close();
                } catch (IOException ignored) {
                    // the image is left as it is on disk
                }
            }
        }
    }

    private static boolean usedOutside(BlockGraph graph, BlockNode node, Set<BlockNode> gone) {
        for (BlockBackend b : graph.backends()) {
            if (b.root() == node) {
                return true;
            }
        }
        for (BlockNode n : graph.nodes()) {
            if (!gone.contains(n) && (n.file() == node || n.backing() == node)) {
                return true;
            }
        }
        return false;
    }
}
