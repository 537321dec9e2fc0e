package org.qmpd.core.cpu;

/**
 * The architectural state of one x86-64 vCPU that QMP and dumps show: general registers,
 * {@code rip}, {@code rflags}, the segment and descriptor-table registers and {@code cr0-4}.
 * A fresh state is the one {@code x86_cpu_reset} gives: real mode at the reset vector
 * ({@code cs} base {@code 0xffff0000}, {@code rip} {@code 0xfff0}), {@code rdx} holding the
 * CPUID version of a {@code qemu64} CPU.
 */
public final class X86State {
    /** One segment register as QEMU keeps it ({@code SegmentCache}). */
    public record Segment(int selector, long base, int limit, int flags) {
    }

    /** {@code qemu64}'s CPUID version: family 6, model 6, stepping 3. */
    static final long QEMU64_CPUID_VERSION = 0x663;
    static final int DESC_A = 1 << 8;
    static final int DESC_R_W = 1 << 9;
    static final int DESC_CS = 1 << 11;
    static final int DESC_S = 1 << 12;
    static final int DESC_P = 1 << 15;

    /** rax, rcx, rdx, rbx, rsp, rbp, rsi, rdi, r8-r15: QEMU's {@code regs[]} order. */
    public final long[] regs = new long[16];
    public long rip;
    public long rflags;
    public Segment es;
    public Segment cs;
    public Segment ss;
    public Segment ds;
    public Segment fs;
    public Segment gs;
    public Segment ldt;
    public Segment tr;
    public Segment gdt;
    public Segment idt;
    public final long[] cr = new long[5];

    /** The state after reset. */
    public static X86State reset() {
        X86State s = new X86State();
        s.regs[2] = QEMU64_CPUID_VERSION;
        s.rip = 0xfff0;
        s.rflags = 0x2;
        s.cs = new Segment(0xf000, 0xffff0000L, 0xffff, DESC_P | DESC_S | DESC_CS | DESC_R_W | DESC_A);
        Segment data = new Segment(0, 0, 0xffff, DESC_P | DESC_S | DESC_R_W | DESC_A);
        s.ds = data;
        s.es = data;
        s.ss = data;
        s.fs = data;
        s.gs = data;
        s.ldt = new Segment(0, 0, 0xffff, DESC_P | (2 << 8));
        s.tr = new Segment(0, 0, 0xffff, DESC_P | (11 << 8));
        s.gdt = new Segment(0, 0, 0xffff, 0);
        s.idt = new Segment(0, 0, 0xffff, 0);
        s.cr[0] = 0x60000010L;
        return s;
    }

    /** The program counter {@code query-cpus} shows on x86: {@code eip + cs.base}. */
    public long pc() {
        return rip + cs.base();
    }

    public X86State copy() {
        X86State s = new X86State();
        System.arraycopy(regs, 0, s.regs, 0, regs.length);
        System.arraycopy(cr, 0, s.cr, 0, cr.length);
        s.rip = rip;
        s.rflags = rflags;
        s.es = es;
        s.cs = cs;
        s.ss = ss;
        s.ds = ds;
        s.fs = fs;
        s.gs = gs;
        s.ldt = ldt;
        s.tr = tr;
        s.gdt = gdt;
        s.idt = idt;
        return s;
    }
}
