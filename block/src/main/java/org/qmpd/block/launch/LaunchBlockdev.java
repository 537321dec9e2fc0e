package org.qmpd.block.launch;

import java.util.Map;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.qmpd.block.driver.OpenException;
import org.qmpd.block.open.Opts;
import org.qmpd.block.service.BlockLayer;
import org.qmpd.core.api.Arguments;
import org.qmpd.core.api.CommandHandler;
import org.qmpd.core.api.QmpCommand;
import org.qmpd.core.api.QmpException;
import org.qmpd.core.api.Session;

/**
 * Internal {@code x-launch-blockdev}: {@code -blockdev driver=qcow2,node-name=n0,file.driver=file,
 * file.filename=x.qcow2} opens a node tree (dotted keys nest, values are parsed as QemuOpts
 * parses them) without a device; {@code -device ...,drive=n0} attaches one later.
 */
@Component(service = CommandHandler.class, property = "qmp.command.internal=true")
@QmpCommand(name = "x-launch-blockdev", args = "opts:q")
public final class LaunchBlockdev implements CommandHandler {
    @Reference
    private BlockLayer block;

    @Override
    public Object execute(Arguments args, Session session) throws QmpException {
        Map<String, Object> tree = Opts.nest(LaunchOptions.flat(args));
        try {
            block.openCommandLine(tree);
        } catch (OpenException e) {
            throw QmpException.generic(e.getMessage());
        }
        return null;
    }
}
