package org.qmpd.block.qmp;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.qmpd.block.service.BlockLayer;
import org.qmpd.core.api.Arguments;
import org.qmpd.core.api.CommandHandler;
import org.qmpd.core.api.QmpCommand;
import org.qmpd.core.api.QmpException;
import org.qmpd.core.api.Session;

/** {@code block-dirty-bitmap-remove}: refused while a backup holds the bitmap frozen. */
@Component(service = CommandHandler.class)
@QmpCommand(name = "block-dirty-bitmap-remove", args = "node:B,name:s")
public final class BlockDirtyBitmapRemove implements CommandHandler {
    @Reference
    private BlockLayer block;

    @Override
    public Object execute(Arguments args, Session session) throws QmpException {
        String name = args.string("name");
        BitmapLookup l = BitmapLookup.find(block.graph(), args.string("node"), name);
        if (l.bitmap().isFrozen()) {
            throw QmpException.generic("Bitmap '" + name + "' is currently frozen and cannot be removed");
        }
        l.node().bitmaps().remove(l.bitmap());
        return null;
    }
}
