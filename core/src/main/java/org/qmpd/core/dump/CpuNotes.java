package org.qmpd.core.dump;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.qmpd.core.cpu.X86State;

/**
 * The ELF notes QEMU 2.4 writes for x86-64 vCPUs ({@code target-i386/arch_dump.c}): first an
 * {@code NT_PRSTATUS} note named {@code CORE} per vCPU (a Linux {@code elf_prstatus} with
 * {@code pr_pid} = index + 1 and the registers in {@code user_regs_struct} order), then a note
 * named {@code QEMU} of type 0 per vCPU holding {@code QEMUCPUState} (version 1: registers,
 * segments, descriptor tables, control registers).
 */
public final class CpuNotes {
    static final int NT_PRSTATUS = 1;
    static final int PRSTATUS_SIZE = 336;
    static final int QEMU_CPU_STATE_SIZE = 432;
    static final int PER_CPU = note(5, PRSTATUS_SIZE) + note(5, QEMU_CPU_STATE_SIZE);

    private CpuNotes() {
    }

    /** The size of one note: header, then name and descriptor each padded to 4 bytes. */
    static int note(int nameSize, int descSize) {
        return 12 + pad4(nameSize) + pad4(descSize);
    }

    private static int pad4(int n) {
        return (n + 3) / 4 * 4;
    }

    /** The notes for {@code cpus}, in dump order. */
    public static byte[] build(List<X86State> cpus) {
        ByteBuffer b = ByteBuffer.allocate(PER_CPU * cpus.size()).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < cpus.size(); i++) {
            header(b, "CORE", PRSTATUS_SIZE, NT_PRSTATUS);
            prstatus(b, cpus.get(i), i + 1);
        }
        for (X86State cpu : cpus) {
            header(b, "QEMU", QEMU_CPU_STATE_SIZE, 0);
            qemuCpuState(b, cpu);
        }
        return b.array();
    }

    private static void header(ByteBuffer b, String name, int descSize, int type) {
        byte[] n = name.getBytes(StandardCharsets.US_ASCII);
        b.putInt(n.length + 1).putInt(descSize).putInt(type);
        b.put(n);
        b.position(b.position() + pad4(n.length + 1) - n.length);
    }

    private static void prstatus(ByteBuffer b, X86State s, int pid) {
        int start = b.position();
        b.position(start + 32);
        b.putInt(pid);
        b.position(start + 32 + 4 + 76);
        long[] r = s.regs;
        // r15 r14 r13 r12 rbp rbx r11 r10 r9 r8 rax rcx rdx rsi rdi orig_rax rip cs eflags rsp ss
        // fs_base gs_base ds es fs gs
        b.putLong(r[15]).putLong(r[14]).putLong(r[13]).putLong(r[12]).putLong(r[5]).putLong(r[3])
                .putLong(r[11]).putLong(r[10]).putLong(r[9]).putLong(r[8]).putLong(r[0]).putLong(r[1])
                .putLong(r[2]).putLong(r[6]).putLong(r[7]).putLong(0).putLong(s.rip)
                .putLong(s.cs.selector()).putLong(s.rflags).putLong(r[4]).putLong(s.ss.selector())
                .putLong(s.fs.base()).putLong(s.gs.base()).putLong(s.ds.selector())
                .putLong(s.es.selector()).putLong(s.fs.selector()).putLong(s.gs.selector());
        b.position(start + PRSTATUS_SIZE);
    }

    private static void qemuCpuState(ByteBuffer b, X86State s) {
        int start = b.position();
        b.putInt(1).putInt(QEMU_CPU_STATE_SIZE);
        long[] r = s.regs;
        // rax rbx rcx rdx rsi rdi rsp rbp r8-r15
        b.putLong(r[0]).putLong(r[3]).putLong(r[1]).putLong(r[2]).putLong(r[6]).putLong(r[7])
                .putLong(r[4]).putLong(r[5]);
        for (int i = 8; i < 16; i++) {
            b.putLong(r[i]);
        }
        b.putLong(s.rip).putLong(s.rflags);
        for (X86State.Segment seg : new X86State.Segment[] {s.cs, s.ds, s.es, s.fs, s.gs, s.ss, s.ldt, s.tr, s.gdt, s.idt}) {
            b.putInt(seg.selector()).putInt(seg.limit()).putInt(seg.flags()).putInt(0).putLong(seg.base());
        }
        for (long cr : s.cr) {
            b.putLong(cr);
        }
        if (b.position() - start != QEMU_CPU_STATE_SIZE) {
            throw new IllegalStateException("QEMUCPUState is " + (b.position() - start) + " bytes");
        }
    }
}
