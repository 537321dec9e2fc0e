/**
 * What the block bundle offers other bundles: guest-like I/O on block backends (used by the
 * guest workload of migration) and, as the block layer grows, the views other subsystems need.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package org.qmpd.block.api;
