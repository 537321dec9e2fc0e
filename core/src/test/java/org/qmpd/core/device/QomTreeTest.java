package org.qmpd.core.device;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.qmpd.core.api.ErrorClass;
import org.qmpd.core.api.QmpException;

class QomTreeTest {
    final QomTree tree = new QomTree();

    static List<String> names(List<QomObject.Property> props) {
        return props.stream().map(p -> p.name() + ":" + p.type()).collect(Collectors.toList());
    }

    @Test
    void listShowsNewestPropertyFirstAsTwoFourDoes() throws Exception {
        assertEquals(List.of("peripheral:child<container>", "peripheral-anon:child<container>",
                "unattached:child<container>", "type:string"), names(tree.list("/machine")));
        assertEquals(List.of("objects:child<container>", "machine:child<pc-i440fx-2.4-machine>", "type:string"),
                names(tree.list("/")));
    }

    @Test
    void pathsResolveAbsolutePartialAndWithEmptyComponents() throws Exception {
        tree.addUnattached(new QomObject("qemu64-x86_64-cpu"));
        tree.addUnattached(new QomObject("apic"));
        assertEquals("apic", tree.resolve("//machine//unattached/device[1]").type());
        assertEquals("qemu64-x86_64-cpu", tree.resolve("unattached/device[0]").type());
        assertEquals("/machine/unattached/device[1]", tree.get("device[1]", "type").equals("apic")
                ? tree.resolve("device[1]").path() : null);
        assertEquals("/machine/unattached", tree.get("/machine", "unattached"));
    }

    @Test
    void unknownPathsAndPropertiesGetTwoFourErrors() {
        QmpException e = assertThrows(QmpException.class, () -> tree.list("/machine/nothing"));
        assertEquals(ErrorClass.DeviceNotFound, e.errorClass());
        assertEquals("Device '/machine/nothing' not found", e.desc());
        e = assertThrows(QmpException.class, () -> tree.get("/machine", "nothing"));
        assertEquals(ErrorClass.GenericError, e.errorClass());
        assertEquals("Property '.nothing' not found", e.desc());
        tree.peripheral().addChild("x", new QomObject("nic"));
        tree.peripheralAnon().addChild("x", new QomObject("nic"));
        assertEquals("Path 'x' is ambiguous", assertThrows(QmpException.class, () -> tree.list("x")).desc());
        assertEquals(ErrorClass.DeviceNotFound, assertThrows(QmpException.class, () -> tree.get("x", "type")).errorClass());
    }
}
