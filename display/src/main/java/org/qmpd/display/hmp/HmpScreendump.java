package org.qmpd.display.hmp;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.qmpd.core.api.Arguments;
import org.qmpd.core.api.CommandHandler;
import org.qmpd.core.api.HmpCommand;
import org.qmpd.core.api.HmpCommandHandler;
import org.qmpd.core.api.QmpException;
import org.qmpd.core.api.Session;

/** HMP {@code screendump filename}: the QMP command's handler; a failure is printed as QEMU prints it. */
@Component(service = HmpCommandHandler.class)
@HmpCommand(name = "screendump", params = "filename", help = "save screen into PPM image 'filename'")
public final class HmpScreendump implements HmpCommandHandler {
    @Reference(target = "(qmp.command.name=screendump)")
    private CommandHandler screendump;

    @Override
    public String execute(String arguments, Session session) {
        String filename = arguments.trim();
        if (filename.isEmpty()) {
            return "screendump: missing parameter\n";
        }
        ObjectNode json = JsonNodeFactory.instance.objectNode().put("filename", filename);
        try {
            screendump.execute(Arguments.of(json), session);
            return "";
        } catch (QmpException e) {
            return e.desc() + "\n";
        }
    }
}
