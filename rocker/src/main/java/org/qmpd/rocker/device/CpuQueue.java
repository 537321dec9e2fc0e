package org.qmpd.rocker.device;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The frames a switch delivers to its CPU port (QEMU's {@code rx_produce} into the driver's
 * receive ring), kept until a client takes them. Like a ring, it holds a bounded number
 * ({@value #CAPACITY}); frames that find it full are dropped and counted.
 */
public final class CpuQueue {
    public static final int CAPACITY = 1024;

    /** One received frame: the port it came in on, and whether it was also forwarded. */
    public record Frame(int inPport, boolean fwdOffload, byte[] data) {
    }

    private final ArrayDeque<Frame> frames = new ArrayDeque<>();
    private long dropped;

    synchronized void add(int inPport, byte[] frame, int off, int len, boolean fwdOffload) {
        if (frames.size() >= CAPACITY) {
            dropped++;
            return;
        }
        frames.add(new Frame(inPport, fwdOffload, Arrays.copyOfRange(frame, off, off + len)));
    }

    /** Takes every frame queued so far, oldest first. */
    public synchronized List<Frame> drain() {
        List<Frame> all = new ArrayList<>(frames);
        frames.clear();
        return all;
    }

    public synchronized long dropped() {
        return dropped;
    }
}
