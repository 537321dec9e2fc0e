package org.qmpd.core.api;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.osgi.service.component.annotations.ComponentPropertyType;

/** Component property type of an {@link HmpCommandHandler}: {@code hmp.command.name} and its help. */
@ComponentPropertyType
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
public @interface HmpCommand {
    String PREFIX_ = "hmp.command.";

    /** {@code stop}, {@code info status}, {@code qemu-io}. */
    String name();

    /** Parameter synopsis shown by {@code help}. */
    String params() default "";

    /** One line shown by {@code help}. */
    String help() default "";
}
