/**
 * The qcow2 image format (versions 2 and 3): reading and writing through
 * {@link org.qmpd.block.qcow2.Qcow2Node}, creating images with
 * {@link org.qmpd.block.qcow2.Qcow2Create}. Metadata is written through in crash-safe order.
 */
package org.qmpd.block.qcow2;
