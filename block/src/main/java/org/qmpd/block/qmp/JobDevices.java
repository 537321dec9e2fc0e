package org.qmpd.block.qmp;

import org.qmpd.block.graph.BlockBackend;
import org.qmpd.block.graph.BlockGraph;
import org.qmpd.block.graph.BlockNode;
import org.qmpd.block.job.BlockJob;
import org.qmpd.block.job.BlockJobs;
import org.qmpd.core.api.ErrorClass;
import org.qmpd.core.api.QmpException;

/**
 * How the job commands find their device, as 2.4's {@code blk_by_name}: by device name. A
 * device without a name (a node given to {@code -device} by {@code -blockdev}, which 2.4 did
 * not have) is found by the node name of its medium.
 */
final class JobDevices {
    private JobDevices() {
    }

    static BlockBackend backend(BlockGraph graph, String name) {
        BlockBackend b = graph.backend(name);
        if (b != null) {
            return b;
        }
        for (BlockBackend a : graph.backends()) {
            if (a.name().isEmpty() && a.root() != null && name.equals(a.root().nodeName())) {
                return a;
            }
        }
        return null;
    }

    /** The device a new job runs on: it must exist and have a medium. */
    static BlockBackend forNewJob(BlockGraph graph, String device) throws QmpException {
        BlockBackend b = backend(graph, device);
        if (b == null) {
            throw new QmpException(ErrorClass.DeviceNotFound, "Device '" + device + "' not found");
        }
        if (b.root() == null) {
            throw QmpException.generic("Device '" + device + "' has no medium");
        }
        return b;
    }

    /** 2.4's {@code bdrv_op_is_blocked}: a node in use by a job cannot start another. */
    static void checkNotBusy(BlockJobs jobs, BlockNode node, String name) throws QmpException {
        String reason = jobs.busyReason(node);
        if (reason != null) {
            throw QmpException.generic("Node '" + name + "' is busy: " + reason);
        }
    }

    /** 2.4's {@code find_block_job}: the job on a device, else DeviceNotActive. */
    static BlockJob job(BlockJobs jobs, BlockGraph graph, String device) throws QmpException {
        BlockJob job = jobs.job(backend(graph, device));
        if (job == null) {
            throw new QmpException(ErrorClass.DeviceNotActive, "No active block job on device '" + device + "'");
        }
        return job;
    }
}
