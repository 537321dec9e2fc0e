package org.qmpd.display.service;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.qmpd.display.console.Keyboard;
import org.qmpd.display.console.KeyQueue;
import org.qmpd.display.console.TextConsole;
import org.qmpd.display.spice.SpiceServer;
import org.qmpd.display.vnc.VncServer;

/**
 * The display subsystem of one machine: its text console and keyboard, and the VNC and SPICE
 * servers that {@code -vnc} and {@code -spice} start, with the SPICE migration bookkeeping of
 * QEMU 2.4's {@code spice-core.c} ({@code spice_have_target_host},
 * {@code spice_migration_completed}). Commands reach it under the machine lock; the servers'
 * threads only touch their own thread-safe state.
 */
@Component(service = Display.class)
public final class Display {
    /** {@code client_migrate_info}'s target, as {@code spice_server_migrate_connect} got it. */
    public record MigrationTarget(String hostname, int port, int tlsPort, String certSubject) {
    }

    /** How {@code -spice} configured the server, for {@code query-spice}. */
    public record SpiceConfig(String addr, int port, int tlsPort) {
    }

    private final TextConsole console = new TextConsole("qmpd text console");
    private final Keyboard keyboard = new Keyboard(console);
    private final KeyQueue keyQueue = new KeyQueue(keyboard::key);

    private boolean vncConfigured;
    private VncServer vnc;
    private String vncPassword;
    private long vncExpires = Long.MAX_VALUE;

    private SpiceServer spice;
    private SpiceConfig spiceConfig;
    private MigrationTarget migrationTarget;
    private boolean targetHost;
    private boolean spiceMigrated;

    public TextConsole console() {
        return console;
    }

    public Keyboard keyboard() {
        return keyboard;
    }

    public KeyQueue keyQueue() {
        return keyQueue;
    }

    /** Whether {@code -vnc} was given at all (even {@code -vnc none}): QEMU then has a display to find. */
    public boolean vncConfigured() {
        return vncConfigured;
    }

    /** The listening VNC server, or null ({@code -vnc none} or no {@code -vnc}). */
    public VncServer vnc() {
        return vnc;
    }

    /** Installs the {@code -vnc} configuration, replacing an earlier one; {@code server} may be null. */
    public void setVnc(VncServer server) {
        if (vnc != null) {
            vnc.close();
        }
        vncConfigured = true;
        vnc = server;
        if (server != null) {
            server.setPassword(vncPassword);
            server.setExpires(vncExpires);
        }
    }

    /** The VNC password ({@code vs->password}); kept for {@code -vnc none} too. */
    public void setVncPassword(String password) {
        vncPassword = password;
        if (vnc != null) {
            vnc.setPassword(password);
        }
    }

    public String vncPassword() {
        return vncPassword;
    }

    public void setVncExpires(long expires) {
        vncExpires = expires;
        if (vnc != null) {
            vnc.setExpires(expires);
        }
    }

    public long vncExpires() {
        return vncExpires;
    }

    /** The running SPICE server, or null: "SPICE is not in use". */
    public SpiceServer spice() {
        return spice;
    }

    public SpiceConfig spiceConfig() {
        return spiceConfig;
    }

    public void setSpice(SpiceServer server, SpiceConfig config) {
        if (spice != null) {
            spice.close();
        }
        spice = server;
        spiceConfig = config;
    }

    /** {@code client_migrate_info}: remembers the target and arms the completion event. */
    public void setMigrationTarget(MigrationTarget target) {
        migrationTarget = target;
        targetHost = true;
    }

    /** An incoming migration's target: kept, not armed. */
    public void carryMigrationTarget(MigrationTarget target) {
        migrationTarget = target;
    }

    public MigrationTarget migrationTarget() {
        return migrationTarget;
    }

    /** {@code spice_have_target_host}. */
    public boolean hasTargetHost() {
        return targetHost;
    }

    /**
     * The end of an outgoing migration, as {@code migration_state_notifier} handles it:
     * disarms the target; returns whether {@code SPICE_MIGRATE_COMPLETED} is due.
     */
    public boolean migrationEnded(boolean completed) {
        if (spice == null || !targetHost) {
            return false;
        }
        targetHost = false;
        if (completed) {
            spiceMigrated = true;
        }
        return completed;
    }

    /** {@code spice_migration_completed}, shown as {@code query-spice}'s {@code migrated}. */
    public boolean spiceMigrated() {
        return spiceMigrated;
    }

    @Deactivate
    void deactivate() {
        keyQueue.close();
        if (vnc != null) {
            vnc.close();
        }
        if (spice != null) {
            spice.close();
        }
    }
}
