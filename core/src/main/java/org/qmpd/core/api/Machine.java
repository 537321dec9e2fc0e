package org.qmpd.core.api;

/**
 * The virtual machine's run state, as QEMU's {@code runstate_*} and {@code vm_start/vm_stop}
 * keep it. Methods that change state must be called under the machine lock
 * ({@link MachineExecutor}); they emit STOP and RESUME themselves.
 */
public interface Machine {
    RunState runState();

    /** True in the running state, as {@code runstate_is_running()}. */
    default boolean isRunning() {
        return runState() == RunState.RUNNING;
    }

    /** The {@code -name} of the machine, or null. */
    String name();

    /** Stops the guest into {@code state} if it is running (QEMU's {@code vm_stop}): emits STOP. */
    void stop(RunState state);

    /** Starts the guest if it is not running (QEMU's {@code vm_start}): emits RESUME. */
    void start();

    /**
     * Sets the state without starting or stopping anything, for transitions such as
     * {@code inmigrate} or {@code postmigrate} (QEMU's {@code runstate_set}).
     */
    void setRunState(RunState state);

    /**
     * Whether {@code cont} should start the guest when an incoming migration completes
     * ({@code autostart} in QEMU: false with {@code -S}, or after {@code stop} during inmigrate).
     */
    boolean autostart();

    void setAutostart(boolean autostart);

    /** Asks the process to shut down after the current command, as QEMU's {@code qemu_system_shutdown_request}. */
    void requestShutdown();

    /**
     * Ends the process with {@code status} and no SHUTDOWN event, as QEMU's
     * {@code exit(EXIT_FAILURE)} after a failed incoming migration. Queued messages (a
     * MIGRATION event, say) still reach the clients. Returns at once.
     */
    void exit(int status);
}
