package org.qmpd.block.qmp;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.qmpd.block.service.BlockLayer;
import org.qmpd.core.api.Arguments;
import org.qmpd.core.api.CommandHandler;
import org.qmpd.core.api.QmpCommand;
import org.qmpd.core.api.QmpException;
import org.qmpd.core.api.Session;

/** {@code block-dirty-bitmap-clear}: resets every bit of an active bitmap. */
@Component(service = CommandHandler.class)
@QmpCommand(name = "block-dirty-bitmap-clear", args = "node:B,name:s")
public final class BlockDirtyBitmapClear implements CommandHandler {
    @Reference
    private BlockLayer block;

    @Override
    public Object execute(Arguments args, Session session) throws QmpException {
        String name = args.string("name");
        BitmapLookup l = BitmapLookup.find(block.graph(), args.string("node"), name);
        if (l.bitmap().isFrozen()) {
            throw QmpException.generic("Bitmap '" + name + "' is currently frozen and cannot be modified");
        }
        if (!l.bitmap().isEnabled()) {
            throw QmpException.generic("Bitmap '" + name + "' is currently disabled and cannot be cleared");
        }
        l.bitmap().clear();
        return null;
    }
}
