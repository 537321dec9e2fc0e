package org.qmpd.block.driver;

import org.qmpd.block.graph.BlkDebugEvent;

/**
 * One rule of a blkdebug node, as QEMU's {@code BlkdebugRule}: on {@code event} (in
 * {@code state}, 0 meaning any), either arm an error ({@code errno} for requests touching
 * {@code sector}, -1 meaning any; {@code once} removes it after it fired) or move the node to
 * {@code newState}.
 */
public record BlkdebugRule(Action action, BlkDebugEvent event, int state, int errno, long sector,
        boolean once, boolean immediately, int newState) {
    public enum Action {
        INJECT_ERROR, SET_STATE
    }

    public static BlkdebugRule injectError(BlkDebugEvent event, int state, int errno, long sector, boolean once,
            boolean immediately) {
        return new BlkdebugRule(Action.INJECT_ERROR, event, state, errno, sector, once, immediately, 0);
    }

    public static BlkdebugRule setState(BlkDebugEvent event, int state, int newState) {
        return new BlkdebugRule(Action.SET_STATE, event, state, 0, -1, false, false, newState);
    }
}
