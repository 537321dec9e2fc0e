/**
 * Dirty bitmaps: the hierarchical {@link org.qmpd.block.bitmap.HBitmap}, a node's
 * {@link org.qmpd.block.bitmap.DirtyBitmap}s and the successor protocol of incremental
 * backups ({@code createSuccessor}, {@code abdicate}, {@code reclaim} in
 * {@link org.qmpd.block.bitmap.DirtyBitmaps}).
 */
package org.qmpd.block.bitmap;
