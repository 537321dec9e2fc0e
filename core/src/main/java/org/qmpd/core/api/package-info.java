/**
 * The extension contract of qmpd: what the core exports and what every other bundle,
 * ours or a third party's, compiles against.
 *
 * <p>A QMP command is a {@link org.qmpd.core.api.CommandHandler} service carrying the
 * properties {@code qmp.command.name} and {@code qmp.command.args} (see
 * {@link org.qmpd.core.api.QmpCommand}); the core's dispatch table picks it up while the
 * service is registered. Names and signatures here are stable: add, never change.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package org.qmpd.core.api;
