package org.qmpd.block.qemuio;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.qmpd.block.graph.BlockBackend;
import org.qmpd.block.graph.BlockIOException;

/**
 * The {@code qemu-io} commands QEMU's tests drive through HMP, run on a block backend as a
 * guest would do them: {@code read}, {@code write} (with {@code -P pattern} and {@code -z}),
 * {@code aio_read}, {@code aio_write}, {@code discard} and {@code flush}, with qemu-io's
 * option syntax, checks and output wording ({@code wrote 65536/65536 bytes at offset 0},
 * {@code Pattern verification failed at offset ...}, {@code read failed: ...}).
 */
public final class QemuIo {
    private final BlockBackend backend;
    private final StringBuilder out = new StringBuilder();

    private QemuIo(BlockBackend backend) {
        this.backend = backend;
    }

    /** Runs one command line and returns what qemu-io prints. */
    public static String run(BlockBackend backend, String commandLine) {
        QemuIo io = new QemuIo(backend);
        io.execute(commandLine.strip().split("\\s+"));
        return io.out.toString();
    }

    private void println(String line) {
        out.append(line).append('\n');
    }

    private void execute(String[] argv) {
        if (argv.length == 0 || argv[0].isEmpty()) {
            return;
        }
        switch (argv[0]) {
            case "read": case "r": readCmd(argv, false); break;
            case "write": case "w": writeCmd(argv, false); break;
            case "aio_read": readCmd(argv, true); break;
            case "aio_write": writeCmd(argv, true); break;
            case "discard": case "d": discardCmd(argv); break;
            case "flush": case "f": flushCmd(); break;
            case "aio_flush": flushCmd(); break;
            default: println("command \"" + argv[0] + "\" not found");
        }
    }

    /** A tiny getopt: {@code spec} as getopt's, {@code -P0xab} and {@code -P 0xab} both work. */
    private static final class Getopt {
        final List<String> args = new ArrayList<>();
        final java.util.Map<Character, String> opts = new java.util.HashMap<>();
        boolean bad;

        Getopt(String[] argv, String spec) {
            int i = 1;
            for (; i < argv.length; i++) {
                String a = argv[i];
                if (!a.startsWith("-") || a.length() == 1 || isNumber(a)) {
                    break;
                }
                for (int k = 1; k < a.length(); k++) {
                    char c = a.charAt(k);
                    int at = spec.indexOf(c);
                    if (at < 0) {
                        bad = true;
                        return;
                    }
                    if (at + 1 < spec.length() && spec.charAt(at + 1) == ':') {
                        String v = k + 1 < a.length() ? a.substring(k + 1) : (i + 1 < argv.length ? argv[++i] : null);
                        if (v == null) {
                            bad = true;
                            return;
                        }
                        opts.put(c, v);
                        break;
                    }
                    opts.put(c, "");
                }
            }
            for (; i < argv.length; i++) {
                args.add(argv[i]);
            }
        }

        private static boolean isNumber(String a) {
            return a.length() > 1 && Character.isDigit(a.charAt(1));
        }

        boolean has(char c) {
            return opts.containsKey(c);
        }
    }

    /** qemu-io's {@code cvtnum}: a number with an optional binary suffix, or -1. */
    static long cvtnum(String s) {
        if (s.isEmpty()) {
            return -1;
        }
        char last = Character.toLowerCase(s.charAt(s.length() - 1));
        int shift = "bkmgtpe".indexOf(last);
        String digits = shift >= 0 && !Character.isDigit(last) ? s.substring(0, s.length() - 1) : s;
        long unit = shift > 0 ? 1L << (10 * shift) : 1;
        try {
            double v = digits.contains(".") ? Double.parseDouble(digits) : Long.decode(digits);
            return v < 0 ? -1 : (long) (v * unit);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private int pattern(String arg) {
        try {
            long p = Long.decode(arg);
            if (p >= 0 && p <= 255) {
                return (int) p;
            }
        } catch (NumberFormatException e) {
            // below
        }
        println(arg + " is not a valid pattern byte");
        return -1;
    }

    private long[] offsetAndCount(List<String> args) {
        long offset = cvtnum(args.get(0));
        if (offset < 0) {
            println("non-numeric length argument -- " + args.get(0));
            return null;
        }
        long count = cvtnum(args.get(1));
        if (count < 0) {
            println("non-numeric length argument -- " + args.get(1));
            return null;
        }
        if (count > Integer.MAX_VALUE) {
            println("length argument " + count + " is too large");
            return null;
        }
        return new long[] {offset, count};
    }

    private boolean aligned(long offset, long count) {
        if ((offset & 0x1ff) != 0) {
            println("offset " + offset + " is not sector aligned");
            return false;
        }
        if ((count & 0x1ff) != 0) {
            println("count " + count + " is not sector aligned");
            return false;
        }
        return true;
    }

    private void readCmd(String[] argv, boolean aio) {
        Getopt g = new Getopt(argv, aio ? "CP:qvi:" : "bCl:pP:qs:v");
        String usage = aio ? "aio_read [-Cqv] [-P pattern] off len [len..] -- asynchronously reads a number of bytes"
                : "read [-abCpqv] [-P pattern [-s off] [-l len]] off len -- reads a number of bytes at a specified offset";
        if (g.bad || g.args.size() != 2) {
            println(usage);
            return;
        }
        long[] oc = offsetAndCount(g.args);
        if (oc == null) {
            return;
        }
        long offset = oc[0];
        int count = (int) oc[1];
        int pattern = -1;
        if (g.has('P') && (pattern = pattern(g.opts.get('P'))) < 0) {
            return;
        }
        long patternOffset = g.has('s') ? cvtnum(g.opts.get('s')) : 0;
        long patternCount = g.has('l') ? cvtnum(g.opts.get('l')) : count - patternOffset;
        if (patternCount < 0 || patternOffset < 0 || patternCount + patternOffset > count) {
            println("pattern verification range exceeds end of read data");
            return;
        }
        if (!g.has('p') && !aligned(offset, count)) {
            return;
        }
        ByteBuffer buf = ByteBuffer.allocate(count);
        long t0 = System.nanoTime();
        try {
            backend.read(offset, buf);
        } catch (IOException e) {
            println("read failed: " + BlockIOException.strerror(BlockIOException.errnoOf(e)));
            return;
        }
        long t = System.nanoTime() - t0;
        if (pattern >= 0) {
            byte[] b = buf.array();
            for (long i = patternOffset; i < patternOffset + patternCount; i++) {
                if ((b[(int) i] & 0xff) != pattern) {
                    println("Pattern verification failed at offset " + (offset + patternOffset) + ", " + patternCount + " bytes");
                    break;
                }
            }
        }
        if (g.has('q')) {
            return;
        }
        if (g.has('v')) {
            dump(buf.array(), offset);
        }
        report("read", t, offset, count, count, g.has('C'));
    }

    private void writeCmd(String[] argv, boolean aio) {
        Getopt g = new Getopt(argv, aio ? "CqP:zi:u" : "bcCfpP:quz");
        String usage = aio ? "aio_write [-Cqz] [-P pattern] off len [len..] -- asynchronously writes a number of bytes"
                : "write [-bcCfquz] [-P pattern] off len -- writes a number of bytes at a specified offset";
        if (g.bad || g.args.size() != 2) {
            println(usage);
            return;
        }
        if (g.has('z') && g.has('P')) {
            println("-z and -P cannot be specified at the same time");
            return;
        }
        int pattern = 0xcd;
        if (g.has('P') && (pattern = pattern(g.opts.get('P'))) < 0) {
            return;
        }
        long[] oc = offsetAndCount(g.args);
        if (oc == null) {
            return;
        }
        long offset = oc[0];
        int count = (int) oc[1];
        if (!g.has('p') && !aligned(offset, count)) {
            return;
        }
        long t0 = System.nanoTime();
        try {
            if (g.has('z')) {
                backend.writeZeroes(offset, count, g.has('u'));
            } else {
                byte[] data = new byte[count];
                java.util.Arrays.fill(data, (byte) pattern);
                backend.write(offset, ByteBuffer.wrap(data));
                if (g.has('f')) {
                    backend.flush();
                }
            }
        } catch (IOException e) {
            println("write failed: " + BlockIOException.strerror(BlockIOException.errnoOf(e)));
            return;
        }
        if (g.has('q')) {
            return;
        }
        report("wrote", System.nanoTime() - t0, offset, count, count, g.has('C'));
    }

    private void discardCmd(String[] argv) {
        Getopt g = new Getopt(argv, "Cq");
        if (g.bad || g.args.size() != 2) {
            println("discard [-Cq] off len -- discards a number of bytes at a specified offset");
            return;
        }
        long[] oc = offsetAndCount(g.args);
        if (oc == null) {
            return;
        }
        long t0 = System.nanoTime();
        try {
            backend.discard(oc[0], oc[1]);
        } catch (IOException e) {
            println("discard failed: " + BlockIOException.strerror(BlockIOException.errnoOf(e)));
            return;
        }
        if (!g.has('q')) {
            report("discard", System.nanoTime() - t0, oc[0], oc[1], oc[1], g.has('C'));
        }
    }

    private void flushCmd() {
        try {
            backend.flush();
        } catch (IOException e) {
            println("flush failed: " + BlockIOException.strerror(BlockIOException.errnoOf(e)));
        }
    }

    /** qemu-io's {@code print_report}. */
    private void report(String op, long nanos, long offset, long count, long total, boolean parsable) {
        double secs = Math.max(nanos, 1) / 1e9;
        if (parsable) {
            println(String.format(Locale.ROOT, "%s: %d/%d bytes at offset %d ops: 1 time: %.6f", op, total, count, offset, secs));
            return;
        }
        println(op + " " + total + "/" + count + " bytes at offset " + offset);
        println(String.format(Locale.ROOT, "%s, %d ops; %s (%s/sec and %.4f ops/sec)", cvtstr(total), 1,
                String.format(Locale.ROOT, "%05.2f sec", secs), cvtstr(total / secs), 1 / secs));
    }

    /** qemu-io's {@code cvtstr}: {@code 64 KiB}, {@code 1.500000 KiB}, {@code 512 bytes}. */
    static String cvtstr(double value) {
        String[] suffixes = {" EiB", " PiB", " TiB", " GiB", " MiB", " KiB"};
        String suffix = " bytes";
        for (int i = 0; i < suffixes.length; i++) {
            double unit = Math.pow(1024, 6 - i);
            if (value >= unit) {
                suffix = suffixes[i];
                value /= unit;
                break;
            }
        }
        String s = String.format(Locale.ROOT, "%.3f", value);
        int trim = s.indexOf(".000");
        return trim >= 0 ? s.substring(0, trim) + suffix : s + suffix;
    }

    private void dump(byte[] b, long offset) {
        for (int i = 0; i < b.length; i += 16) {
            StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%08x:  ", offset + i));
            StringBuilder text = new StringBuilder();
            for (int k = i; k < Math.min(b.length, i + 16); k++) {
                line.append(String.format(Locale.ROOT, "%02x ", b[k] & 0xff));
                char c = (char) (b[k] & 0xff);
                text.append(c >= 32 && c < 127 ? c : '.');
            }
            println(line.append(' ').append(text).toString());
        }
    }
}
