package org.qmpd.core.api;

/**
 * Whiteboard service told of every run state change, in the spirit of QEMU's
 * {@code vm_state_notify}. Called under the machine lock; must not block.
 */
@FunctionalInterface
public interface RunStateListener {
    void runStateChanged(RunState from, RunState to);
}
