package org.qmpd.core.qmp;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonProperty;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.qmpd.core.api.Arguments;
import org.qmpd.core.api.CommandHandler;
import org.qmpd.core.api.QmpCommand;
import org.qmpd.core.api.Session;
import org.qmpd.core.cpu.Cpus;
import org.qmpd.core.cpu.VirtualCpu;

/**
 * {@code query-cpus}: one {@code CpuInfo} per vCPU, x86 flavour ({@code pc}); CPU 0 is the
 * current one, as 2.4 marks {@code first_cpu}; {@code thread_id} is the vCPU thread's tid.
 */
@Component(service = CommandHandler.class)
@QmpCommand(name = "query-cpus")
public final class QueryCpus implements CommandHandler {
    /** {@code CpuInfo}, members in schema order. */
    public record CpuInfo(@JsonProperty("CPU") int cpu, boolean current, boolean halted,
            @JsonProperty("qom_path") String qomPath, long pc, @JsonProperty("thread_id") long threadId) {
    }

    @Reference
    private Cpus cpus;

    @Override
    public Object execute(Arguments args, Session session) {
        List<CpuInfo> out = new ArrayList<>();
        for (VirtualCpu cpu : cpus.cpus()) {
            out.add(new CpuInfo(cpu.index(), cpu.index() == 0, cpu.halted(), cpus.qomPath(cpu.index()),
                    cpu.state().pc(), cpu.threadId()));
        }
        return out;
    }
}
