package org.qmpd.display.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.lang.reflect.Field;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.qmpd.core.api.EventBus;
import org.qmpd.display.spice.SpiceServer;
import org.qmpd.display.vnc.VncServer;

/** The display's migration section and the SPICE migration notifier, without a framework. */
class DisplayMigrationTest {
    private final List<Display> displays = new ArrayList<>();

    private static void inject(Object target, String field, Object value) throws Exception {
        Field f = target.getClass().getDeclaredField(field);
        f.setAccessible(true);
        f.set(target, value);
    }

    private Display display(boolean vncPassword, boolean spice) throws Exception {
        Display d = new Display();
        displays.add(d);
        VncServer vnc = new VncServer(d.console(), d.keyboard(), null, vncPassword ? VncServer.AUTH_VNC : VncServer.AUTH_NONE, "QEMU");
        vnc.listen(InetAddress.getLoopbackAddress(), 0, 0);
        d.setVnc(vnc);
        if (spice) {
            SpiceServer s = new SpiceServer(d.keyboard(), null, null);
            d.setSpice(s, new Display.SpiceConfig("127.0.0.1", 0, 0));
        }
        return d;
    }

    @AfterEach
    void close() throws Exception {
        for (Display d : displays) {
            java.lang.reflect.Method m = Display.class.getDeclaredMethod("deactivate");
            m.setAccessible(true);
            m.invoke(d);
        }
    }

    private static void migrate(Display from, Display to) throws Exception {
        DisplayMigration save = new DisplayMigration();
        inject(save, "display", from);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        save.save(new DataOutputStream(bytes));
        DisplayMigration load = new DisplayMigration();
        inject(load, "display", to);
        load.load(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())), save.version());
    }

    @Test
    void theScreenThePasswordsAndTheTargetTravel() throws Exception {
        Display src = display(true, true);
        src.console().write("typed on the source");
        src.setVncPassword("vncpw");
        src.setVncExpires(4102444800L);
        src.spice().ticketing().setPassword("spicepw", false, false);
        src.setMigrationTarget(new Display.MigrationTarget("dst", 5930, -1, null));

        Display dst = display(true, true);
        migrate(src, dst);
        assertEquals("typed on the source", dst.console().row(2).strip());
        assertEquals(src.console().cursorColumn(), dst.console().cursorColumn());
        assertEquals("vncpw", dst.vnc().password());
        assertEquals(4102444800L, dst.vnc().expires());
        assertTrue(dst.spice().ticketing().admits("spicepw"));
        assertEquals("dst", dst.migrationTarget().hostname());
        assertFalse(dst.hasTargetHost(), "the target is not armed on the destination");
        assertFalse(dst.spiceMigrated());
    }

    @Test
    void aDestinationWithoutPasswordAuthKeepsItsOwnSettings() throws Exception {
        Display src = display(true, true);
        src.setVncPassword("vncpw");
        src.spice().ticketing().setPassword("spicepw", false, false);
        Display dst = display(false, true);
        dst.spice().ticketing().disableTicketing();
        migrate(src, dst);
        assertNull(dst.vnc().password());
        assertTrue(dst.spice().ticketing().admits("anything"), "disable-ticketing stays");
    }

    @Test
    void spiceMigrateCompletedFollowsClientMigrateInfo() throws Exception {
        Display d = display(false, true);
        List<String> events = new ArrayList<>();
        SpiceMigrationNotifier notifier = new SpiceMigrationNotifier();
        inject(notifier, "display", d);
        inject(notifier, "events", (EventBus) (name, data) -> events.add(name + (data == null ? "" : data)));

        notifier.migrationStateChanged("completed", true);
        assertEquals(List.of(), events, "no client_migrate_info, no event");

        d.setMigrationTarget(new Display.MigrationTarget("h", 1, -1, null));
        notifier.migrationStateChanged("setup", true);
        notifier.migrationStateChanged("failed", true);
        notifier.migrationStateChanged("completed", true);
        assertEquals(List.of(), events, "a failed migration disarms the target");

        d.setMigrationTarget(new Display.MigrationTarget("h", 1, -1, null));
        notifier.migrationStateChanged("completed", false);
        assertEquals(List.of(), events, "an incoming migration is not ours to report");
        notifier.migrationStateChanged("completed", true);
        assertEquals(List.of("SPICE_MIGRATE_COMPLETED"), events);
        assertTrue(d.spiceMigrated());
        notifier.migrationStateChanged("completed", true);
        assertEquals(1, events.size(), "once per client_migrate_info");
    }
}
