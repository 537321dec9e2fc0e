package org.example.echo;

import java.util.Hashtable;

import org.osgi.framework.BundleActivator;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.qmpd.core.api.CommandHandler;

/**
 * Registers {@code __org.example_echo} without Declarative Services: a {@link CommandHandler}
 * and the two properties are all the core needs. The command answers its {@code value}
 * argument, whatever JSON it is.
 */
public final class EchoActivator implements BundleActivator {
    private ServiceRegistration<CommandHandler> registration;

    @Override
    public void start(BundleContext context) {
        Hashtable<String, Object> props = new Hashtable<>();
        props.put("qmp.command.name", "__org.example_echo");
        props.put("qmp.command.args", "value:q");
        CommandHandler echo = (args, session) -> args.json().get("value");
        registration = context.registerService(CommandHandler.class, echo, props);
    }

    @Override
    public void stop(BundleContext context) {
        registration.unregister();
    }
}
