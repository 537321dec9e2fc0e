package org.qmpd.display.service;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.qmpd.core.api.MigratableState;
import org.qmpd.display.console.TextConsole;
import org.qmpd.display.spice.SpiceServer;
import org.qmpd.display.spice.SpiceTicketing;
import org.qmpd.display.vnc.VncServer;

/**
 * The display's migration section {@value #SECTION}: the console's screen and cursor (the
 * guest's own display memory), the VNC password and expiry, the SPICE ticketing state and the
 * {@code client_migrate_info} target. The destination applies what its own display can hold:
 * a VNC password only to a VNC display with password auth, the SPICE ticketing only when its
 * SPICE auth is the source's. The target is carried for the record but not armed on the
 * destination, and {@code migrated} stays false there, as QEMU keeps both per process.
 */
@Component(service = MigratableState.class)
public final class DisplayMigration implements MigratableState {
    static final String SECTION = "display";

    @Reference
    private Display display;

    @Override
    public String sectionId() {
        return SECTION;
    }

    @Override
    public int version() {
        return 1;
    }

    @Override
    public void save(DataOutput out) throws IOException {
        TextConsole console = display.console();
        for (int r = 0; r < TextConsole.ROWS; r++) {
            out.writeUTF(console.row(r));
        }
        out.writeInt(console.cursorRow());
        out.writeInt(console.cursorColumn());
        writeString(out, display.vncPassword());
        out.writeLong(display.vncExpires());
        SpiceServer spice = display.spice();
        out.writeBoolean(spice != null);
        if (spice != null) {
            SpiceTicketing t = spice.ticketing();
            SpiceTicketing.Snapshot s = t.snapshot();
            out.writeUTF(t.auth());
            writeString(out, s.authPasswd());
            out.writeLong(s.authExpires());
            out.writeBoolean(s.ticketingEnabled());
            out.writeUTF(s.ticketPassword());
            out.writeLong(s.ticketExpiration());
        }
        Display.MigrationTarget target = display.migrationTarget();
        out.writeBoolean(target != null);
        if (target != null) {
            out.writeUTF(target.hostname());
            out.writeInt(target.port());
            out.writeInt(target.tlsPort());
            writeString(out, target.certSubject());
        }
    }

    @Override
    public void load(DataInput in, int version) throws IOException {
        if (version != 1) {
            throw new IOException("display section version " + version + " is not supported");
        }
        String[] rows = new String[TextConsole.ROWS];
        for (int r = 0; r < rows.length; r++) {
            rows[r] = in.readUTF();
        }
        int cursorRow = in.readInt();
        int cursorColumn = in.readInt();
        String vncPassword = readString(in);
        long vncExpires = in.readLong();
        String spiceAuth = null;
        SpiceTicketing.Snapshot ticketing = null;
        if (in.readBoolean()) {
            spiceAuth = in.readUTF();
            ticketing = new SpiceTicketing.Snapshot(readString(in), in.readLong(), in.readBoolean(), in.readUTF(), in.readLong());
        }
        Display.MigrationTarget target = null;
        if (in.readBoolean()) {
            target = new Display.MigrationTarget(in.readUTF(), in.readInt(), in.readInt(), readString(in));
        }

        display.console().restore(rows, cursorRow, cursorColumn);
        VncServer vnc = display.vnc();
        if (display.vncConfigured() && (vnc == null || vnc.auth() == VncServer.AUTH_VNC)) {
            display.setVncPassword(vncPassword);
            display.setVncExpires(vncExpires);
        }
        SpiceServer spice = display.spice();
        if (spice != null && ticketing != null && spice.ticketing().auth().equals(spiceAuth)) {
            spice.ticketing().restore(ticketing);
        }
        display.carryMigrationTarget(target);
    }

    private static void writeString(DataOutput out, String s) throws IOException {
        out.writeBoolean(s != null);
        if (s != null) {
            out.writeUTF(s);
        }
    }

    private static String readString(DataInput in) throws IOException {
        return in.readBoolean() ? in.readUTF() : null;
    }
}
