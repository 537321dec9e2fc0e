package org.qmpd.core.api;

/**
 * One human monitor (HMP) command, reached through QMP's {@code human-monitor-command}.
 * Registered as a service with {@code hmp.command.name} (see {@link HmpCommand}); a name of
 * two words ({@code info status}) is a sub-command of {@code info}.
 */
@FunctionalInterface
public interface HmpCommandHandler {
    /**
     * Runs the command on the rest of the line after its name and returns what the monitor
     * prints, lines ending in {@code \n} (the core turns them into CRLF as QEMU does).
     * A failure QEMU prints is returned as text; a {@link QmpException} fails the QMP command.
     */
    String execute(String arguments, Session session) throws QmpException;
}
