package org.qmpd.block.job;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

import org.qmpd.block.driver.OpenException;
import org.qmpd.block.graph.BlockGraph;
import org.qmpd.block.graph.BlockNode;
import org.qmpd.block.graph.NodeOptions;
import org.qmpd.block.open.NodeOpener;
import org.qmpd.block.open.Opts;
import org.qmpd.block.qcow2.Qcow2Create;

/**
 * The image a {@code drive-backup} writes to, opened read-write in a graph of its own (QEMU's
 * anonymous target node: no device, no name). Either qmpd creates it, as 2.4's
 * {@code bdrv_img_create} does (a qcow2 with the given backing file, or a sparse raw file),
 * or it exists and is opened, its format probed unless given.
 *
 * <p>A new image is first made under a temporary name beside the target and only
 * {@linkplain Created#publish published} once the command has passed every check, so that a
 * refused command leaves no file behind and overwrites nothing.
 */
public final class BackupTarget implements AutoCloseable {
    /** The formats qmpd can create and write as backup targets. */
    public static final Set<String> FORMATS = Set.of("raw", "qcow2");

    private final BlockGraph graph;
    private final BlockNode node;
    private final boolean knownZero;

    private BackupTarget(BlockGraph graph, BlockNode node, boolean knownZero) {
        this.graph = graph;
        this.node = node;
        this.knownZero = knownZero;
    }

    /** The target's top node. */
    public BlockNode node() {
        return node;
    }

    /** Whether every byte of the target reads as zero (qmpd created it without a backing file). */
    public boolean knownZero() {
        return knownZero;
    }

    /** A failure with 2.4's words. */
    public static final class TargetException extends Exception {
        private static final long serialVersionUID = 1L;

        TargetException(String message) {
            super(message, null, false, false);
        }
    }

    /** A new image made under a temporary name, waiting to be published or discarded. */
    public static final class Created {
        private final Path temp;
        private final Path path;
        private final String filename;
        private final String format;
        private final boolean zero;

        Created(Path temp, Path path, String filename, String format, boolean zero) {
            this.temp = temp;
            this.path = path;
            this.filename = filename;
            this.format = format;
            this.zero = zero;
        }

        /** Moves the image to its name and opens it. */
        public BackupTarget publish() throws TargetException {
            try {
                Files.move(temp, path, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException e) {
                discard();
                throw new TargetException("Could not create file: " + reason(e));
            }
            BackupTarget t = open(filename, format);
            return new BackupTarget(t.graph, t.node, zero);
        }

        /** Removes the image: the command failed. */
        public void discard() {
            try {
                Files.deleteIfExists(temp);
            } catch (IOException ignored) {
                // a stray temporary file is all that is left
            }
        }
    }

    /**
     * {@code bdrv_img_create}: makes {@code filename} in {@code format} with {@code size}
     * bytes and, if {@code backingFile} is not null, that backing file and format.
     */
    public static Created create(String filename, String format, long size, String backingFile, String backingFormat)
            throws TargetException {
        if (backingFile != null && !format.equals("qcow2")) {
            throw new TargetException("Backing file not supported for file format '" + format + "'");
        }
        if (backingFile != null && backingFile.equals(filename)) {
            throw new TargetException("Error: Trying to create an image with the same filename as the backing file");
        }
        Path path = Path.of(filename).toAbsolutePath();
        if (Files.isDirectory(path)) {
            throw new TargetException("Could not create file: Is a directory");
        }
        Path temp = path.resolveSibling(path.getFileName() + ".qmpd-" + Long.toHexString(ThreadLocalRandom.current().nextLong()));
        try {
            if (format.equals("qcow2")) {
                Qcow2Create.create(temp, Qcow2Create.Spec.of(size).withBacking(backingFile, backingFile == null ? null : backingFormat));
            } else {
                try (RandomAccessFile f = new RandomAccessFile(createNew(temp).toFile(), "rw")) {
                    f.setLength(size);
                }
            }
        } catch (IOException e) {
            try {
                Files.deleteIfExists(temp);
            } catch (IOException ignored) {
                // nothing was made
            }
            throw new TargetException("Could not create file: " + reason(e));
        }
        return new Created(temp, path, filename, format, backingFile == null);
    }

    private static Path createNew(Path p) throws IOException {
        return Files.createFile(p);
    }

    /**
     * Opens an existing image read-write; {@code format} null probes it. As in 2.4,
     * {@code blkdebug:CONFIG:IMAGE} puts a blkdebug filter over the image file.
     */
    public static BackupTarget open(String filename, String format) throws TargetException {
        Map<String, Object> file = new LinkedHashMap<>();
        String image = filename;
        int colon = filename.indexOf(':', "blkdebug:".length());
        if (filename.startsWith("blkdebug:") && colon > 0) {
            image = filename.substring(colon + 1);
            Map<String, Object> inner = new LinkedHashMap<>();
            inner.put("driver", "file");
            inner.put("filename", image);
            file.put("driver", "blkdebug");
            file.put("config", filename.substring("blkdebug:".length(), colon));
            file.put("image", inner);
        } else {
            file.put("driver", "file");
            file.put("filename", filename);
        }
        String fmt = format != null ? format : NodeOpener.probe(image);
        Map<String, Object> options = new LinkedHashMap<>();
        options.put("driver", fmt);
        options.put("file", file);
        BlockGraph graph = new BlockGraph();
        try {
            BlockNode node = new NodeOpener(graph, n -> { }).open(new Opts(options, true), NodeOptions.DEFAULT);
            return new BackupTarget(graph, node, false);
        } catch (OpenException e) {
            throw new TargetException(e.getMessage());
        }
    }

    /** The strerror text of a failed file operation. */
    public static String reason(IOException e) {
        if (e instanceof NoSuchFileException) {
            return "No such file or directory";
        }
        if (e instanceof AccessDeniedException) {
            return "Permission denied";
        }
        if (e instanceof FileSystemException && ((FileSystemException) e).getReason() != null) {
            return ((FileSystemException) e).getReason();
        }
        return String.valueOf(e.getMessage());
    }

    /** Whether {@code filename} names the same file as {@code node}'s protocol layer. */
    public static boolean sameFile(String filename, BlockNode node) {
        BlockNode f = node;
        while (f.file() != null) {
            f = f.file();
        }
        try {
            return Files.isSameFile(Path.of(filename), Path.of(f.filename()));
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** Flushes and closes every node of the target. */
    @Override
    public void close() {
        try {
            node.flush();
        } catch (IOException ignored) {
            // closing anyway
        }
        List<BlockNode> nodes = graph.nodes();
        for (int i = nodes.size() - 1; i >= 0; i--) {
            try {
                nodes.get(i).close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
    }
}
