/**
 * The block graph: {@link org.qmpd.block.graph.BlockNode nodes} (a driver instance each, with
 * children, dirty bitmaps, a write threshold, statistics and before-write hooks) and
 * {@link org.qmpd.block.graph.BlockBackend backends} (a device's view, where guest-like I/O
 * is range-checked and accounted). Block jobs use nodes directly: {@code read} any layer,
 * {@code addBeforeWrite} for copy-before-write, {@code blockStatus} and
 * {@link org.qmpd.block.graph.Allocation} for allocation. Nothing here knows QMP or JSON.
 */
package org.qmpd.block.graph;
