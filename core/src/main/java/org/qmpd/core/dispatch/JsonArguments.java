package org.qmpd.core.dispatch;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.qmpd.core.api.Arguments;
import org.qmpd.core.api.QmpException;
import org.qmpd.core.json.Json;

/** {@link Arguments} over the checked arguments object. */
public final class JsonArguments implements Arguments {
    private final ObjectNode json;

    JsonArguments(ObjectNode json) {
        this.json = json;
    }

    /** Arguments for calling a handler from code, e.g. an HMP command running its QMP twin. */
    public static Arguments of(ObjectNode json) {
        return new JsonArguments(json);
    }

    @Override
    public ObjectNode json() {
        return json;
    }

    @Override
    public <T> T as(Class<T> type) throws QmpException {
        try {
            return Json.mapper().treeToValue(json, type);
        } catch (JsonProcessingException e) {
            throw QmpException.generic(e.getOriginalMessage());
        } catch (IllegalArgumentException e) {
            throw QmpException.generic(String.valueOf(e.getMessage()));
        }
    }
}
