package org.qmpd.display.qmp;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.qmpd.core.api.Arguments;
import org.qmpd.core.api.CommandHandler;
import org.qmpd.core.api.QmpCommand;
import org.qmpd.core.api.QmpException;
import org.qmpd.core.api.Session;
import org.qmpd.display.service.Display;
import org.qmpd.display.service.Errno;

/**
 * {@code screendump}: writes the console's framebuffer to {@code filename} as a binary PPM
 * ({@code P6}, maxval 255), as 2.4's {@code ppm_save}: {@code failed to open file '<f>': <strerror>}
 * when it cannot be created, {@code failed to write to file '<f>': <strerror>} (and the file
 * removed) when writing fails.
 */
@Component(service = CommandHandler.class)
@QmpCommand(name = "screendump", args = "filename:F")
public final class Screendump implements CommandHandler {
    @Reference
    private Display display;

    @Override
    public Object execute(Arguments args, Session session) throws QmpException {
        String filename = args.string("filename");
        Path path = Path.of(filename);
        OutputStream file;
        try {
            file = Files.newOutputStream(path);
        } catch (IOException e) {
            throw QmpException.generic("failed to open file '" + filename + "': " + Errno.strerror(e));
        }
        try (OutputStream out = new BufferedOutputStream(file)) {
            display.console().framebuffer().writePpm(out);
        } catch (IOException e) {
            try {
                Files.deleteIfExists(path);
            } catch (IOException ignored) {
                // the write error is what the client hears of
            }
            throw QmpException.generic("failed to write to file '" + filename + "': " + Errno.strerror(e));
        }
        return null;
    }
}
