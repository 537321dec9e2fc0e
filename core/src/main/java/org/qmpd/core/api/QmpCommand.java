package org.qmpd.core.api;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.osgi.service.component.annotations.ComponentPropertyType;

/**
 * The dispatch-table row of a command, as a Declarative Services component property type,
 * in the way Felix Gogo's {@code @GogoCommand} sets its properties:
 *
 * <pre>
 * &#64;Component(service = CommandHandler.class)
 * &#64;QmpCommand(name = "block-dirty-bitmap-add", args = "node:B,name:s,granularity:i?")
 * public final class BlockDirtyBitmapAdd implements CommandHandler { ... }
 * </pre>
 *
 * A bundle without DS registers the same properties by hand: {@code qmp.command.name},
 * {@code qmp.command.args} and optionally {@code qmp.command.params}, {@code qmp.command.help}.
 */
@ComponentPropertyType
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
public @interface QmpCommand {
    String PREFIX_ = "qmp.command.";

    /** The command's name ({@code qmp.command.name}). */
    String name();

    /** The args type in the seed's notation, e.g. {@code node:B,name:s,granularity:i?} ({@code qmp.command.args}). */
    String args() default "";

    /** HMP-style parameter text ({@code qmp.command.params}). */
    String params() default "";

    /** One line of help ({@code qmp.command.help}). */
    String help() default "";
}
