package org.qmpd.block.launch;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.qmpd.block.driver.OpenException;
import org.qmpd.block.open.DriveOptions;
import org.qmpd.block.service.BlockLayer;
import org.qmpd.core.api.Arguments;
import org.qmpd.core.api.CommandHandler;
import org.qmpd.core.api.QmpCommand;
import org.qmpd.core.api.QmpException;
import org.qmpd.core.api.Session;

/**
 * Internal {@code x-launch-drive}: QEMU's {@code -drive} ({@code file=,if=none,id=,format=,
 * node-name=,readonly=,cache=,cache.*,...}) makes a device backed by a node tree, with
 * 2.4's words when it fails.
 */
@Component(service = CommandHandler.class, property = "qmp.command.internal=true")
@QmpCommand(name = "x-launch-drive", args = "opts:q")
public final class LaunchDrive implements CommandHandler {
    @Reference
    private BlockLayer block;

    @Override
    public Object execute(Arguments args, Session session) throws QmpException {
        try {
            boolean hasId = LaunchOptions.flat(args).containsKey("id");
            DriveOptions.Drive d = DriveOptions.parse(LaunchOptions.flat(args), hasId ? 0 : block.nextUnnamedDrive());
            block.createBackend(d.id(), d.node(), false).setLegacyDrive(true);
        } catch (OpenException e) {
            throw QmpException.generic(e.getMessage());
        }
        return null;
    }
}
