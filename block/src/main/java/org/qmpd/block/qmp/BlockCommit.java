package org.qmpd.block.qmp;

import java.io.IOException;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.qmpd.block.graph.BlockBackend;
import org.qmpd.block.graph.BlockIOException;
import org.qmpd.block.graph.BlockNode;
import org.qmpd.block.job.ActiveCommitJob;
import org.qmpd.block.job.BackupTarget;
import org.qmpd.block.job.BlockJobs;
import org.qmpd.block.job.Chain;
import org.qmpd.block.job.CommitJob;
import org.qmpd.block.service.BlockLayer;
import org.qmpd.core.api.Arguments;
import org.qmpd.core.api.CommandHandler;
import org.qmpd.core.api.QmpCommand;
import org.qmpd.core.api.QmpException;
import org.qmpd.core.api.Session;

/**
 * {@code block-commit}, as 2.4's {@code qmp_block_commit}: the device is looked up first (libvirt
 * probes for DeviceNotFound), then its medium, a job already on it, {@code top} (default: the
 * active layer; else a file name in the chain), {@code base} (default: the bottom of the
 * chain; else a file name below {@code top}), a base in use, {@code top} equal to
 * {@code base}. Committing the active layer starts a mirror-like job that becomes ready and
 * waits for {@code block-job-complete}; {@code backing-file} is refused for it. Otherwise the
 * base and the image above {@code top} are made writable and the intermediate commit starts.
 */
@Component(service = CommandHandler.class)
@QmpCommand(name = "block-commit", args = "device:B,base:s?,top:s?,backing-file:s?,speed:o?")
public final class BlockCommit implements CommandHandler {
    @Reference
    private BlockLayer block;
    @Reference
    private BlockJobs jobs;

    @Override
    public Object execute(Arguments args, Session session) throws QmpException {
        String device = args.string("device");
        String base = args.string("base");
        String top = args.string("top");
        String backingFile = args.string("backing-file");
        long speed = args.integer("speed", 0);

        BlockBackend backend = JobDevices.forNewJob(block.graph(), device);
        BlockNode bs = backend.root();
        JobDevices.checkNotBusy(jobs, bs, device);
        BlockNode topNode = bs;
        if (top != null && !bs.filename().equals(top)) {
            topNode = Chain.findBackingImage(bs, top);
        }
        if (topNode == null) {
            throw QmpException.generic("Top image file " + top + " not found");
        }
        BlockNode baseNode = base != null ? Chain.findBackingImage(topNode, base) : Chain.base(topNode);
        if (baseNode == null) {
            throw QmpException.generic("Base '" + (base == null ? "NULL" : base) + "' not found");
        }
        JobDevices.checkNotBusy(jobs, baseNode, baseNode.nodeName() != null ? baseNode.nodeName() : baseNode.filename());
        if (topNode == baseNode) {
            throw QmpException.generic("cannot commit an image into itself");
        }
        if (topNode == bs && backingFile != null) {
            throw QmpException.generic("'backing-file' specified, but 'top' is the active layer");
        }
        if (speed < 0) {
            throw QmpException.generic("Invalid parameter 'speed'");
        }
        if (topNode == bs) {
            startActive(device, backend, bs, baseNode, speed);
        } else {
            startIntermediate(device, backend, bs, topNode, baseNode, backingFile, speed);
        }
        return null;
    }

    private void startActive(String device, BlockBackend backend, BlockNode bs, BlockNode base, long speed)
            throws QmpException {
        boolean baseReadOnly = base.isReadOnly();
        reopen(base, false);
        if (base.size() < bs.size()) {
            try {
                base.resize(bs.size());
            } catch (IOException e) {
                reopen(base, baseReadOnly);
                throw QmpException.generic("Top image " + bs.filename() + " is larger than base image " + base.filename()
                        + ", and resize of base image failed: " + BlockIOException.strerror(BlockIOException.errnoOf(e)));
            }
        }
        ActiveCommitJob job = new ActiveCommitJob(device, backend, block.graph(), base, baseReadOnly, speed);
        job.begin();
        jobs.start(job);
    }

    private void startIntermediate(String device, BlockBackend backend, BlockNode bs, BlockNode top, BlockNode base,
            String backingFile, long speed) throws QmpException {
        BlockNode overlay = Chain.overlay(bs, top);
        if (overlay == null) {
            throw QmpException.generic("Could not find overlay image for " + top.filename() + ":");
        }
        boolean baseReadOnly = base.isReadOnly();
        boolean overlayReadOnly = overlay.isReadOnly();
        reopen(base, false);
        try {
            reopen(overlay, false);
        } catch (QmpException e) {
            reopen(base, baseReadOnly);
            throw e;
        }
        jobs.start(new CommitJob(device, backend, block.graph(), top, base, overlay, backingFile, baseReadOnly,
                overlayReadOnly, speed));
    }

    /** {@code bdrv_reopen}, with raw-posix's words when the file cannot be reopened. */
    private static void reopen(BlockNode node, boolean readOnly) throws QmpException {
        try {
            node.reopen(readOnly);
        } catch (IOException e) {
            String m = e.getMessage();
            throw QmpException.generic(m != null && m.startsWith("qcow2:") ? m : "Could not reopen file: " + BackupTarget.reason(e));
        }
    }
}
