package org.qmpd.core.api;

/**
 * One QMP command, registered as an OSGi service with the properties of
 * {@link QmpCommand} ({@code qmp.command.name}, {@code qmp.command.args}).
 *
 * <p>The core has already checked the envelope, the negotiation mode and the arguments
 * against the args type before calling; the handler only computes and raises errors. It
 * runs under the machine lock (see {@link MachineExecutor}), one command at a time.
 */
@FunctionalInterface
public interface CommandHandler {
    /** Runs the command; the result is serialised with Jackson ({@code null} becomes {@code {}}). */
    Object execute(Arguments args, Session session) throws QmpException;
}
