package org.qmpd.launcher;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns the command line into the QMP requests that carry it out, in the order QEMU's
 * {@code main} applies them: the machine, the monitors, block devices, network backends,
 * devices, display, an incoming migration, and finally the start of the guest.
 *
 * <p>{@code -device} becomes {@code device_add} and {@code -netdev} {@code netdev_add}, exactly
 * as QEMU feeds its option strings to them. Options owned by a subsystem become the internal
 * command {@code x-launch-OPTION} with {@code {"opts": {key: value, ...}}}, the option string
 * parsed but not interpreted: the bundle that owns the option knows its schema (the block
 * bundle turns {@code -drive} into {@code blockdev-add}). Internal commands are invisible to
 * QMP clients.
 */
final class StartupPlan {
    static final String DEFAULT_MONITOR = "tcp:127.0.0.1:4444,server=on,wait=off";

    /** One request, the option it carries out, and what to say if no bundle provides it. */
    record Step(String label, String command, Map<String, Object> arguments, String whenMissing) {
        /** Whether the core alone carries it out, so it need not wait for the subsystems to start. */
        boolean ownedByCore() {
            return command.equals("x-launch-machine") || command.equals("x-launch-monitor");
        }

        String request() {
            Map<String, Object> request = new LinkedHashMap<>();
            request.put("execute", command);
            request.put("arguments", arguments);
            return MiniJson.write(request);
        }
    }

    final List<Step> steps = new ArrayList<>();
    boolean daemonize;
    String pidfile;

    private StartupPlan() {
    }

    static StartupPlan of(List<CommandLine.Option> options) throws CommandLine.UsageException {
        StartupPlan plan = new StartupPlan();
        List<Step> machine = new ArrayList<>();
        List<Step> monitors = new ArrayList<>();
        List<Step> drives = new ArrayList<>();
        List<Step> netdevs = new ArrayList<>();
        List<Step> devices = new ArrayList<>();
        List<Step> display = new ArrayList<>();
        List<Step> incoming = new ArrayList<>();
        Map<String, CommandLine.Option> chardevs = new LinkedHashMap<>();
        List<CommandLine.Option> mons = new ArrayList<>();

        for (CommandLine.Option o : options) {
            String v = o.value();
            switch (o.name()) {
                case "S":
                    machine.add(machine(o, "freeze", true));
                    break;
                case "name":
                    machine.add(machine(o, "name", QemuOpts.parse(v, "guest").getOrDefault("guest", v)));
                    break;
                case "m":
                    machine.add(machine(o, "memory", ramSize(o)));
                    break;
                case "smp":
                    machine.add(machine(o, "smp", cpus(o)));
                    break;
                case "qmp":
                    monitors.add(monitor(o, v));
                    break;
                case "chardev":
                    Map<String, String> c = QemuOpts.parse(v, "backend");
                    String id = c.get("id");
                    if (id == null) {
                        throw new CommandLine.UsageException(o.label() + ": Parameter 'id' is missing");
                    }
                    chardevs.put(id, o);
                    break;
                case "mon":
                    mons.add(o);
                    break;
                case "drive":
                case "blockdev":
                case "spice":
                    (o.name().equals("spice") ? display : drives).add(owned(o, QemuOpts.parse(v, null)));
                    break;
                case "vnc":
                    display.add(owned(o, QemuOpts.parse(v, "display")));
                    break;
                case "incoming":
                    Map<String, String> uri = new LinkedHashMap<>();
                    uri.put("uri", v);
                    incoming.add(owned(o, uri));
                    break;
                case "netdev": {
                    Map<String, Object> args = new LinkedHashMap<>(QemuOpts.parse(v, "type"));
                    netdevs.add(new Step(o.label(), "netdev_add", args,
                            "network backends are not supported: no bundle provides netdev_add"));
                    break;
                }
                case "device": {
                    Map<String, Object> args = new LinkedHashMap<>(QemuOpts.parse(v, "driver"));
                    devices.add(new Step(o.label(), "device_add", args,
                            "no device model '" + args.getOrDefault("driver", "") + "'"));
                    break;
                }
                case "daemonize":
                    plan.daemonize = true;
                    break;
                case "pidfile":
                    plan.pidfile = v;
                    break;
                case "display":
                    if (!QemuOpts.parse(v, "type").getOrDefault("type", "").equals("none")) {
                        throw new CommandLine.UsageException(o.label() + ": only '-display none' is supported");
                    }
                    break;
                case "vga":
                    if (!v.equals("none")) {
                        throw new CommandLine.UsageException(o.label() + ": only '-vga none' is supported");
                    }
                    break;
                default:
                    // -nographic, -nodefaults, -machine: nothing to do without display hardware
                    break;
            }
        }
        for (CommandLine.Option mon : mons) {
            Map<String, String> m = QemuOpts.parse(mon.value(), "chardev");
            String mode = m.getOrDefault("mode", "readline");
            if (!mode.equals("control")) {
                throw new CommandLine.UsageException(mon.label() + ": only QMP monitors (mode=control) are supported");
            }
            CommandLine.Option chardev = chardevs.get(m.get("chardev"));
            if (chardev == null) {
                throw new CommandLine.UsageException(mon.label() + ": chardev \"" + m.get("chardev") + "\" not found");
            }
            String spec = chardevSpec(chardev);
            if ("on".equals(m.get("pretty"))) {
                spec += ",pretty=on";
            }
            monitors.add(monitor(chardev, spec));
        }
        if (monitors.isEmpty()) {
            monitors.add(monitor(new CommandLine.Option("qmp", DEFAULT_MONITOR), DEFAULT_MONITOR));
        }
        plan.steps.addAll(machine);
        plan.steps.addAll(monitors);
        plan.steps.addAll(drives);
        plan.steps.addAll(netdevs);
        plan.steps.addAll(devices);
        plan.steps.addAll(display);
        plan.steps.addAll(incoming);
        plan.steps.add(new Step("-S", "x-launch-start", new LinkedHashMap<>(), "no machine"));
        return plan;
    }

    private static Step machine(CommandLine.Option o, String key, Object value) {
        Map<String, Object> args = new LinkedHashMap<>();
        args.put(key, value);
        return new Step(o.label(), "x-launch-machine", args, "no machine");
    }

    private static Step monitor(CommandLine.Option o, String spec) {
        Map<String, Object> args = new LinkedHashMap<>();
        args.put("spec", spec);
        return new Step(o.label(), "x-launch-monitor", args, "no monitor support");
    }

    private static Step owned(CommandLine.Option o, Map<String, String> opts) {
        Map<String, Object> args = new LinkedHashMap<>();
        args.put("opts", new LinkedHashMap<>(opts));
        return new Step(o.label(), "x-launch-" + o.name(), args,
                "not supported: no bundle of this distribution provides -" + o.name());
    }

    /** {@code -chardev socket,id=x,path=p,server=on,wait=off} as a monitor spec ({@code unix:p,server=on,wait=off}). */
    static String chardevSpec(CommandLine.Option chardev) throws CommandLine.UsageException {
        Map<String, String> c = QemuOpts.parse(chardev.value(), "backend");
        if (!"socket".equals(c.get("backend"))) {
            throw new CommandLine.UsageException(chardev.label() + ": a QMP monitor needs a socket chardev");
        }
        StringBuilder spec = new StringBuilder();
        if (c.containsKey("path")) {
            spec.append("unix:").append(c.get("path"));
        } else if (c.containsKey("port")) {
            spec.append("tcp:").append(c.getOrDefault("host", "")).append(':').append(c.get("port"));
        } else {
            throw new CommandLine.UsageException(chardev.label() + ": chardev: socket: no host given");
        }
        for (Map.Entry<String, String> e : c.entrySet()) {
            switch (e.getKey()) {
                case "backend": case "id": case "path": case "host": case "port":
                    break;
                case "server": case "wait": case "nodelay":
                    spec.append(',').append(e.getKey()).append('=').append(e.getValue());
                    break;
                default:
                    throw new CommandLine.UsageException(chardev.label() + ": Invalid parameter '" + e.getKey() + "'");
            }
        }
        return spec.toString();
    }

    /** {@code -m [size=]N[kMGT]}: a number without a suffix is in MiB, as in QEMU. */
    static long ramSize(CommandLine.Option o) throws CommandLine.UsageException {
        String text = QemuOpts.parse(o.value(), "size").get("size");
        if (text == null || text.isEmpty()) {
            throw new CommandLine.UsageException(o.label() + ": missing 'size' option value");
        }
        long unit = 1L << 20;
        char last = Character.toUpperCase(text.charAt(text.length() - 1));
        int shift = "KMGT".indexOf(last);
        if (shift >= 0) {
            unit = 1L << (10 * (shift + 1));
            text = text.substring(0, text.length() - 1);
        } else if (last == 'B') {
            unit = 1;
            text = text.substring(0, text.length() - 1);
        }
        try {
            double value = Double.parseDouble(text);
            long bytes = (long) (value * unit);
            if (value <= 0 || bytes <= 0) {
                throw new CommandLine.UsageException(o.label() + ": Invalid RAM size");
            }
            return bytes;
        } catch (NumberFormatException e) {
            throw new CommandLine.UsageException(o.label() + ": Parameter 'size' expects a size");
        }
    }

    static long cpus(CommandLine.Option o) throws CommandLine.UsageException {
        Map<String, String> smp = QemuOpts.parse(o.value(), "cpus");
        try {
            if (smp.containsKey("cpus")) {
                return Long.parseLong(smp.get("cpus"));
            }
            long sockets = Long.parseLong(smp.getOrDefault("sockets", "1"));
            long cores = Long.parseLong(smp.getOrDefault("cores", "1"));
            long threads = Long.parseLong(smp.getOrDefault("threads", "1"));
            return sockets * cores * threads;
        } catch (NumberFormatException e) {
            throw new CommandLine.UsageException(o.label() + ": Parameter 'cpus' expects a number");
        }
    }
}
