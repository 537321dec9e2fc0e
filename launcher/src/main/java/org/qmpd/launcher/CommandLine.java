package org.qmpd.launcher;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The QEMU options qmpd accepts, parsed as QEMU parses them: a leading {@code -} or {@code --},
 * an argument in the next word where the option takes one. An unknown option, or one without
 * its argument, is an error in QEMU's words.
 */
final class CommandLine {
    /** One option as given, kept for error messages ({@code -drive file=x: ...}). */
    record Option(String name, String value) {
        /** How QEMU names the option in an error: {@code -drive file=x,if=none}. */
        String label() {
            return value == null ? "-" + name : "-" + name + " " + value;
        }
    }

    /** A command-line error; the launcher prints {@code qmpd: <message>} and exits 1. */
    static final class UsageException extends Exception {
        private static final long serialVersionUID = 1L;

        UsageException(String message) {
            super(message);
        }
    }

    /** Option name to whether it takes an argument. */
    static final Map<String, Boolean> OPTIONS = Map.ofEntries(
            Map.entry("h", false), Map.entry("help", false), Map.entry("version", false),
            Map.entry("qmp", true), Map.entry("chardev", true), Map.entry("mon", true),
            Map.entry("S", false), Map.entry("m", true), Map.entry("smp", true), Map.entry("name", true),
            Map.entry("incoming", true), Map.entry("drive", true), Map.entry("blockdev", true),
            Map.entry("device", true), Map.entry("netdev", true), Map.entry("spice", true),
            Map.entry("vnc", true), Map.entry("daemonize", false), Map.entry("pidfile", true),
            Map.entry("display", true), Map.entry("nographic", false), Map.entry("nodefaults", false),
            Map.entry("machine", true), Map.entry("M", true), Map.entry("vga", true));

    static final String USAGE = String.join("\n",
            "qmpd 2.4.0-compatible QMP server and VM control plane",
            "usage: qmpd [options]",
            "",
            "Standard options:",
            "-h or -help            display this help and exit",
            "-version               display version information and exit",
            "-name string           set the name of the guest",
            "-m [size=]megs         guest RAM size (default 128 MiB; suffixes k, M, G, T)",
            "-smp n                 number of CPUs",
            "-S                     do not start the guest at startup (use 'cont' in the monitor)",
            "",
            "Monitors (default: -qmp tcp:127.0.0.1:4444,server=on,wait=off):",
            "-qmp dev               QMP monitor on dev: tcp:HOST:PORT[,server=on][,wait=off] or unix:PATH[,...]",
            "-chardev socket,id=id,path=path|host=host,port=port[,server=on|off][,wait=on|off]",
            "-mon chardev=id,mode=control[,pretty=on]",
            "",
            "Block devices, network, devices, display, migration:",
            "-drive file=file,if=none,id=id[,format=raw|qcow2][,node-name=name][,...]",
            "-blockdev driver=drv,node-name=name[,file.driver=file,file.filename=...]",
            "-netdev socket,id=id,udp=host:port,localaddr=host:port | listen=host:port | connect=host:port",
            "-device driver[,prop=value][,...]",
            "-spice port=port[,tls-port=port][,addr=addr][,disable-ticketing][,password=pw]",
            "-vnc host:display[,password]",
            "-incoming uri|defer    wait for an incoming migration",
            "",
            "Process:",
            "-daemonize             detach once start-up has succeeded",
            "-pidfile file          write the process id to file",
            "",
            "Accepted for compatibility, no effect (qmpd has no display hardware):",
            "-display none, -nographic, -nodefaults, -vga none, -machine/-M opts",
            "");

    private CommandLine() {
    }

    static List<Option> parse(String[] args) throws UsageException {
        List<Option> options = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (!arg.startsWith("-") || arg.equals("-") || arg.equals("--")) {
                throw new UsageException(arg + ": not an option (disk images are given with -drive)");
            }
            String name = arg.startsWith("--") ? arg.substring(2) : arg.substring(1);
            Boolean takesArgument = OPTIONS.get(name);
            if (takesArgument == null) {
                throw new UsageException(arg + ": invalid option");
            }
            String value = null;
            if (takesArgument) {
                if (i + 1 >= args.length) {
                    throw new UsageException(arg + ": requires an argument");
                }
                value = args[++i];
            }
            options.add(new Option(name, value));
        }
        return options;
    }
}
