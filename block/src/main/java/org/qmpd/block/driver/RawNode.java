package org.qmpd.block.driver;

import java.io.IOException;
import java.nio.ByteBuffer;

import org.qmpd.block.graph.BlkDebugEvent;
import org.qmpd.block.graph.BlockNode;
import org.qmpd.block.graph.NodeOptions;

/** The {@code raw} format: every request passes straight to the file child ({@code block/raw_bsd.c}). */
public final class RawNode extends BlockNode {
    private final BlockNode file;

    public RawNode(BlockNode file, NodeOptions options) {
        super("raw", options);
        this.file = file;
    }

    @Override
    public BlockNode file() {
        return file;
    }

    @Override
    public String filename() {
        return file.filename();
    }

    @Override
    public long size() {
        return file.size();
    }

    @Override
    protected void readAt(long offset, ByteBuffer dst) throws IOException {
        file.debugEvent(BlkDebugEvent.READ_AIO);
        file.read(offset, dst);
    }

    @Override
    protected void writeAt(long offset, ByteBuffer src) throws IOException {
        file.debugEvent(BlkDebugEvent.WRITE_AIO);
        file.write(offset, src);
    }

    @Override
    protected void writeZeroesAt(long offset, long length, boolean mayUnmap) throws IOException {
        file.writeZeroes(offset, length, mayUnmap);
    }

    @Override
    protected void discardAt(long offset, long length) throws IOException {
        file.discard(offset, length);
    }

    @Override
    public Status blockStatus(long offset, long length) throws IOException {
        Status s = file.blockStatus(offset, length);
        return new Status(s.flags() | STATUS_ALLOCATED, s.length());
    }

    @Override
    public void resize(long newSize) throws IOException {
        file.resize(newSize);
    }
}
