package org.qmpd.block.qmp;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.qmpd.block.bitmap.DirtyBitmap;
import org.qmpd.block.graph.BlockBackend;
import org.qmpd.block.graph.BlockNode;
import org.qmpd.block.job.BackupJob;
import org.qmpd.block.job.BackupJob.Sync;
import org.qmpd.block.job.BackupTarget;
import org.qmpd.block.job.BlockJobs;
import org.qmpd.block.job.OnError;
import org.qmpd.block.service.BlockLayer;
import org.qmpd.core.api.Arguments;
import org.qmpd.core.api.CommandHandler;
import org.qmpd.core.api.QmpCommand;
import org.qmpd.core.api.QmpException;
import org.qmpd.core.api.Session;

/**
 * {@code drive-backup}, with 2.4's checks in 2.4's order ({@code qmp_drive_backup}, then
 * {@code backup_start}): the device, its medium, the format, a job already on it; then the
 * target is made (unless {@code mode=existing}, which opens it), a {@code top} backup of an
 * image without backing file becoming {@code full}; then the bitmap, the error policies, the
 * sync mode against the bitmap, a frozen bitmap and the speed. A new target is made under a
 * temporary name and only takes its name once every check has passed, so a refused command
 * changes nothing. {@code sync} takes 2.4's {@code incremental} and the seed's
 * {@code dirty-bitmap} as the same mode. qmpd also refuses a target that is the source's own
 * file, which 2.4 would have overwritten.
 */
@Component(service = CommandHandler.class)
@QmpCommand(name = "drive-backup",
        args = "sync:s,device:B,target:s,speed:i?,mode:s?,format:s?,bitmap:s?,on-source-error:s?,on-target-error:s?")
public final class DriveBackup implements CommandHandler {
    @Reference
    private BlockLayer block;
    @Reference
    private BlockJobs jobs;

    @Override
    public Object execute(Arguments args, Session session) throws QmpException {
        String syncName = args.enumValue("sync", null, "top", "full", "none", "incremental", "dirty-bitmap");
        boolean existing = args.enumValue("mode", "absolute-paths", "existing", "absolute-paths").equals("existing");
        OnError onSource = OnError.valueOf(args.enumValue("on-source-error", "report", OnError.NAMES));
        OnError onTarget = OnError.valueOf(args.enumValue("on-target-error", "report", OnError.NAMES));
        Sync sync = syncName.equals("dirty-bitmap") ? Sync.incremental : Sync.valueOf(syncName);
        String device = args.string("device");
        String target = args.string("target");
        String format = args.string("format");
        String bitmapName = args.string("bitmap");
        long speed = args.integer("speed", 0);

        BlockBackend backend = JobDevices.forNewJob(block.graph(), device);
        BlockNode bs = backend.root();
        if (format == null && !existing) {
            format = bs.driver();
        }
        if (format != null && !BackupTarget.FORMATS.contains(format)) {
            throw QmpException.generic("Invalid block format '" + format + "'");
        }
        JobDevices.checkNotBusy(jobs, bs, device);
        BlockNode source = null;
        if (sync == Sync.top) {
            source = bs.backing();
            if (source == null) {
                sync = Sync.full;
            }
        }
        if (sync == Sync.none) {
            source = bs;
        }
        if (BackupTarget.sameFile(target, bs)) {
            throw QmpException.generic("Source and target cannot be the same");
        }

        BackupTarget.Created created = null;
        BackupTarget opened = null;
        try {
            if (existing) {
                opened = BackupTarget.open(target, format);
            } else {
                created = BackupTarget.create(target, format, bs.size(),
                        source == null ? null : source.filename(), source == null ? null : source.driver());
            }
        } catch (BackupTarget.TargetException e) {
            throw QmpException.generic(e.getMessage());
        }
        DirtyBitmap bitmap;
        try {
            bitmap = check(backend, bs, sync, syncName, bitmapName, onSource, speed);
        } catch (QmpException e) {
            if (created != null) {
                created.discard();
            } else {
                opened.close();
            }
            throw e;
        }
        BackupTarget t;
        try {
            t = created != null ? created.publish() : opened;
        } catch (BackupTarget.TargetException e) {
            throw QmpException.generic(e.getMessage());
        }
        BackupJob job = new BackupJob(device, backend, t, sync, bitmap, onSource, onTarget, speed);
        job.begin();
        jobs.start(job);
        return null;
    }

    /** The checks after the target is made, in 2.4's order; returns the bitmap to back up, or null. */
    private static DirtyBitmap check(BlockBackend backend, BlockNode bs, Sync sync, String syncName, String bitmapName,
            OnError onSource, long speed) throws QmpException {
        DirtyBitmap bitmap = null;
        if (bitmapName != null) {
            bitmap = bs.bitmaps().find(bitmapName);
            if (bitmap == null) {
                throw QmpException.generic("Bitmap '" + bitmapName + "' could not be found");
            }
        }
        if (onSource.needsIoStatus() && backend.attachedDevice() == null) {
            throw QmpException.generic("Invalid parameter 'on-source-error'");
        }
        if (sync == Sync.incremental) {
            if (bitmap == null) {
                throw QmpException.generic("must provide a valid bitmap name for \"" + syncName + "\" sync mode");
            }
            if (bitmap.isFrozen()) {
                throw QmpException.generic("Cannot create a successor for a bitmap that is currently frozen");
            }
        } else if (bitmap != null) {
            throw QmpException.generic("a sync_bitmap was provided to backup_run, but received an incompatible sync_mode ("
                    + sync.name() + ")");
        }
        if (speed < 0) {
            throw QmpException.generic("Invalid parameter 'speed'");
        }
        return bitmap;
    }
}
