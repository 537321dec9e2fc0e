package org.qmpd.block.driver;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

import org.qmpd.block.graph.BlkDebugEvent;
import org.qmpd.block.graph.BlockIOException;
import org.qmpd.block.graph.BlockNode;
import org.qmpd.block.graph.NodeOptions;

/**
 * QEMU's {@code blkdebug} error-injection filter over its {@code image} child. The format
 * above raises events on it ({@link #debugEvent}); a matching {@code inject-error} rule becomes
 * active, and the next read, write or flush touching its sector fails with its errno (then the
 * rule goes, if {@code once}). {@code set-state} rules move the node between states
 * (starting at 1) so that rules can fire in sequence.
 */
public final class BlkdebugNode extends BlockNode {
    private final BlockNode image;
    private final String spec;
    private final List<BlkdebugRule> rules;
    private final List<BlkdebugRule> active = new ArrayList<>();
    private int state = 1;

    public BlkdebugNode(BlockNode image, String spec, List<BlkdebugRule> rules, NodeOptions options) {
        super("blkdebug", options);
        this.image = image;
        this.spec = spec;
        this.rules = new ArrayList<>(rules);
    }

    @Override
    public BlockNode file() {
        return image;
    }

    @Override
    public String filename() {
        return spec;
    }

    @Override
    public long size() {
        return image.size();
    }

    public synchronized int state() {
        return state;
    }

    @Override
    public synchronized void debugEvent(BlkDebugEvent event) {
        boolean injected = false;
        int newState = state;
        for (BlkdebugRule rule : List.copyOf(rules)) {
            if (rule.event() != event || rule.state() != 0 && rule.state() != state) {
                continue;
            }
            if (rule.action() == BlkdebugRule.Action.INJECT_ERROR) {
                if (!injected) {
                    active.clear();
                    injected = true;
                }
                active.add(0, rule);
            } else {
                newState = rule.newState();
            }
        }
        state = newState;
    }

    /** Fails the request if an active rule matches {@code [sector, sector + sectors)}. */
    private synchronized void check(long offset, long length, boolean flush) throws BlockIOException {
        long first = offset >>> 9;
        long end = (offset + length + 511) >>> 9;
        for (BlkdebugRule rule : active) {
            boolean hit = rule.sector() == -1 || !flush && rule.sector() >= first && rule.sector() < end;
            if (hit && rule.errno() != 0) {
                if (rule.once()) {
                    active.remove(rule);
                    rules.remove(rule);
                }
                throw new BlockIOException(rule.errno());
            }
        }
    }

    @Override
    protected void readAt(long offset, ByteBuffer dst) throws IOException {
        check(offset, dst.remaining(), false);
        image.read(offset, dst);
    }

    @Override
    protected void writeAt(long offset, ByteBuffer src) throws IOException {
        check(offset, src.remaining(), false);
        image.write(offset, src);
    }

    @Override
    protected void writeZeroesAt(long offset, long length, boolean mayUnmap) throws IOException {
        check(offset, length, false);
        image.writeZeroes(offset, length, mayUnmap);
    }

    @Override
    protected void discardAt(long offset, long length) throws IOException {
        image.discard(offset, length);
    }

    @Override
    protected void flushToDisk() throws IOException {
        check(0, 0, true);
    }

    @Override
    public Status blockStatus(long offset, long length) throws IOException {
        return image.blockStatus(offset, length);
    }

    @Override
    public void resize(long newSize) throws IOException {
        image.resize(newSize);
    }
}
