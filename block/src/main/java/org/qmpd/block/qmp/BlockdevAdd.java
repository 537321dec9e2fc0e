package org.qmpd.block.qmp;

import java.util.Map;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.qmpd.block.driver.OpenException;
import org.qmpd.block.service.BlockLayer;
import org.qmpd.core.api.Arguments;
import org.qmpd.core.api.CommandHandler;
import org.qmpd.core.api.QmpCommand;
import org.qmpd.core.api.QmpException;
import org.qmpd.core.api.Session;

/**
 * {@code blockdev-add} in its 2.4 form, {@code {"options": {...BlockdevOptions...}}}: the
 * {@code driver} first, then a top-level {@code id} is required (it names the new device), and
 * {@code aio=native} needs {@code cache.direct=true}. Values must have their JSON types.
 */
@Component(service = CommandHandler.class)
@QmpCommand(name = "blockdev-add", args = "options:q")
public final class BlockdevAdd implements CommandHandler {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    @Reference
    private BlockLayer block;

    @Override
    public Object execute(Arguments args, Session session) throws QmpException {
        ObjectNode options = args.dict("options");
        if (options == null) {
            throw QmpException.generic("Parameter 'options' is missing");
        }
        JsonNode driver = options.get("driver");
        if (driver == null) {
            throw QmpException.generic("Parameter 'driver' is missing");
        }
        if (!driver.isTextual()) {
            throw QmpException.generic("Invalid parameter type for 'driver', expected: string");
        }
        JsonNode id = options.get("id");
        if (id == null) {
            throw QmpException.generic("Block device needs an ID");
        }
        if (!id.isTextual()) {
            throw QmpException.generic("Invalid parameter type for 'id', expected: string");
        }
        JsonNode aio = options.get("aio");
        if (aio != null && "native".equals(aio.asText())) {
            JsonNode cache = options.get("cache");
            JsonNode direct = cache == null ? null : cache.get("direct");
            if (direct == null || !direct.asBoolean()) {
                throw QmpException.generic("aio=native requires cache.direct=true");
            }
        }
        Map<String, Object> tree = MAPPER.convertValue(options, new TypeReference<Map<String, Object>>() { });
        tree.remove("id");
        try {
            block.createBackend(id.asText(), tree, true);
        } catch (OpenException e) {
            throw QmpException.generic(e.getMessage());
        }
        return null;
    }
}
