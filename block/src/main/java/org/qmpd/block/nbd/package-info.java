/**
 * The NBD server: fixed newstyle negotiation, simple replies, many clients, request merging.
 * Exports serve {@link org.qmpd.block.graph.BlockBackend}s, so their I/O is the device's.
 */
package org.qmpd.block.nbd;
