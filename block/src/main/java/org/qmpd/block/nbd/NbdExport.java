package org.qmpd.block.nbd;

import org.qmpd.block.graph.BlockBackend;

/** An export of the NBD server: a name clients ask for and the device it serves. */
public record NbdExport(String name, BlockBackend backend, boolean writable) {
}
