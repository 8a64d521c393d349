package dev.warden.rollback.external;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Optional;

/**
 * The simplest JSONPath that answers "is the flag off?": dot-separated keys from the root, an
 * optional leading {@code $.}, numbers indexing arrays ({@code environments.0.enabled}).
 */
public final class JsonPath {
    private JsonPath() {
    }

    /** The value at {@code path} in the JSON {@code text}, as text ({@code null} for JSON null); empty when absent. */
    public static Optional<String> read(String text, String path) {
        Object node;
        try {
            node = Json.decodeValue(text);
        } catch (DecodeException e) {
            throw new IllegalStateException("the answer is not JSON");
        }
        String trimmed = path.startsWith("$.") ? path.substring(2) : path.equals("$") ? "" : path;
        if (!trimmed.isEmpty()) {
            for (String part : trimmed.split("\\.")) {
                node = step(node, part);
                if (node == null) {
                    return Optional.empty();
                }
            }
        }
        return Optional.of(node == NULL ? "null" : String.valueOf(node));
    }

    private static final Object NULL = new Object();

    private static Object step(Object node, String part) {
        if (node instanceof JsonObject object) {
            if (!object.containsKey(part)) {
                return null;
            }
            Object value = object.getValue(part);
            return value == null ? NULL : value;
        }
        if (node instanceof JsonArray array && part.chars().allMatch(Character::isDigit) && !part.isEmpty()) {
            int index = Integer.parseInt(part);
            if (index >= array.size()) {
                return null;
            }
            Object value = array.getValue(index);
            return value == null ? NULL : value;
        }
        return null;
    }
}
