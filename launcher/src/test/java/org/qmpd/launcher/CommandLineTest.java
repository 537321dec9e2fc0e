package org.qmpd.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

class CommandLineTest {
    static List<String> requests(String... args) throws Exception {
        return StartupPlan.of(CommandLine.parse(args)).steps.stream().map(StartupPlan.Step::request).collect(Collectors.toList());
    }

    @Test
    void noOptionsMeansTheDefaultMonitorThenStart() throws Exception {
        assertEquals(List.of(
                "{\"execute\":\"x-launch-monitor\",\"arguments\":{\"spec\":\"tcp:127.0.0.1:4444,server=on,wait=off\"}}",
                "{\"execute\":\"x-launch-start\",\"arguments\":{}}"), requests());
    }

    @Test
    void optionsBecomeRequestsInQemuOrder() throws Exception {
        List<String> r = requests("-device", "rocker,name=sw1,len-ports=2", "-drive", "file=a.qcow2,if=none,id=drive0",
                "-S", "-m", "1G", "-qmp", "unix:/tmp/q,server,nowait", "-netdev", "socket,id=n0,udp=127.0.0.1:5000",
                "-incoming", "defer", "-vnc", "127.0.0.1:1,password");
        assertEquals(List.of(
                "{\"execute\":\"x-launch-machine\",\"arguments\":{\"freeze\":true}}",
                "{\"execute\":\"x-launch-machine\",\"arguments\":{\"memory\":1073741824}}",
                "{\"execute\":\"x-launch-monitor\",\"arguments\":{\"spec\":\"unix:/tmp/q,server,nowait\"}}",
                "{\"execute\":\"x-launch-drive\",\"arguments\":{\"opts\":{\"file\":\"a.qcow2\",\"if\":\"none\",\"id\":\"drive0\"}}}",
                "{\"execute\":\"netdev_add\",\"arguments\":{\"type\":\"socket\",\"id\":\"n0\",\"udp\":\"127.0.0.1:5000\"}}",
                "{\"execute\":\"device_add\",\"arguments\":{\"driver\":\"rocker\",\"name\":\"sw1\",\"len-ports\":\"2\"}}",
                "{\"execute\":\"x-launch-vnc\",\"arguments\":{\"opts\":{\"display\":\"127.0.0.1:1\",\"password\":\"on\"}}}",
                "{\"execute\":\"x-launch-incoming\",\"arguments\":{\"opts\":{\"uri\":\"defer\"}}}",
                "{\"execute\":\"x-launch-start\",\"arguments\":{}}"), r);
    }

    @Test
    void chardevAndMonBecomeOneMonitorSpec() throws Exception {
        assertEquals("{\"execute\":\"x-launch-monitor\",\"arguments\":{\"spec\":\"unix:/tmp/m.sock,server=on,wait=off,pretty=on\"}}",
                requests("-chardev", "socket,id=mon,path=/tmp/m.sock,server=on,wait=off", "-mon", "chardev=mon,mode=control,pretty=on").get(0));
        assertEquals("{\"execute\":\"x-launch-monitor\",\"arguments\":{\"spec\":\"tcp:127.0.0.1:5555\"}}",
                requests("-chardev", "socket,id=m,host=127.0.0.1,port=5555", "-mon", "chardev=m,mode=control").get(0));
    }

    @Test
    void qemuOptsSyntax() {
        assertEquals(Map.of("driver", "rocker", "name", "a,b", "x", "on", "wait", "off"),
                QemuOpts.parse("rocker,name=a,,b,x,nowait", "driver"));
        assertEquals(Map.of("file", Map.of("driver", "file", "filename", "/tmp/a")),
                QemuOpts.nest(QemuOpts.parse("file.driver=file,file.filename=/tmp/a", null)));
    }

    @Test
    void ramSizesAreMebibytesUnlessSuffixed() throws Exception {
        assertEquals(512L << 20, StartupPlan.ramSize(new CommandLine.Option("m", "512")));
        assertEquals(2L << 30, StartupPlan.ramSize(new CommandLine.Option("m", "size=2G")));
        assertEquals(64L << 10, StartupPlan.ramSize(new CommandLine.Option("m", "64k")));
        assertThrows(CommandLine.UsageException.class, () -> StartupPlan.ramSize(new CommandLine.Option("m", "0")));
    }

    @Test
    void errorsUseQemuWords() {
        assertEquals("-foo: invalid option", assertThrows(CommandLine.UsageException.class, () -> CommandLine.parse(new String[] {"-foo"})).getMessage());
        assertEquals("-qmp: requires an argument", assertThrows(CommandLine.UsageException.class, () -> CommandLine.parse(new String[] {"-qmp"})).getMessage());
        assertEquals("-mon chardev=m,mode=readline: only QMP monitors (mode=control) are supported",
                assertThrows(CommandLine.UsageException.class, () -> requests("-chardev", "socket,id=m,path=/x", "-mon", "chardev=m,mode=readline")).getMessage());
    }

    @Test
    void doubleDashSpellingIsAccepted() throws Exception {
        assertEquals(List.of(new CommandLine.Option("version", null)), CommandLine.parse(new String[] {"--version"}));
    }
}
