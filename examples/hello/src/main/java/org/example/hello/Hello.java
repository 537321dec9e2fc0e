package org.example.hello;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.qmpd.core.api.Arguments;
import org.qmpd.core.api.CommandHandler;
import org.qmpd.core.api.EventBus;
import org.qmpd.core.api.QmpCommand;
import org.qmpd.core.api.QmpException;
import org.qmpd.core.api.Session;

/**
 * {@code __org.example_hello}: greets {@code name} (default "world") and announces it with the
 * event {@code __ORG.EXAMPLE_HELLO}. A name longer than 64 characters is refused.
 */
@Component(service = CommandHandler.class)
@QmpCommand(name = "__org.example_hello", args = "name:s?", help = "say hello")
public final class Hello implements CommandHandler {
    /** The command's result. */
    public record Greeting(String greeting) {
    }

    @Reference
    private EventBus events;

    @Override
    public Object execute(Arguments args, Session session) throws QmpException {
        String name = args.string("name", "world");
        if (name.length() > 64) {
            throw QmpException.generic("Parameter 'name' expects a name of at most 64 characters");
        }
        events.emit("__ORG.EXAMPLE_HELLO", new Greeting(name));
        return new Greeting("Hello, " + name + "!");
    }
}
