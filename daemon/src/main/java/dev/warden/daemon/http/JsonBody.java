package dev.warden.daemon.http;

import dev.warden.ErrorCode;
import dev.warden.WardenException;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/**
 * The one place the API reads a JSON request body. An absent or empty body is an empty object; a body
 * that is not a JSON object, or a field of the wrong type (null included), is a {@code BAD_USAGE}
 * failure (400) naming the field and what was expected.
 */
final class JsonBody {
    private final JsonObject json;

    private JsonBody(JsonObject json) {
        this.json = json;
    }

    static JsonBody of(RoutingContext ctx) {
        Buffer body = ctx.body() == null ? null : ctx.body().buffer();
        if (body == null || body.toString().isBlank()) {
            return new JsonBody(new JsonObject());
        }
        Object parsed;
        try {
            parsed = Json.decodeValue(body);
        } catch (DecodeException e) {
            throw bad("the body: expected a JSON object, found text that is not JSON");
        }
        if (!(parsed instanceof JsonObject object)) {
            throw bad("the body: expected a JSON object, found " + kind(parsed));
        }
        return new JsonBody(object);
    }

    /** The string at {@code field}, or {@code absent} when the field is missing. */
    String string(String field, String absent) {
        if (!json.containsKey(field)) {
            return absent;
        }
        Object value = json.getValue(field);
        if (value instanceof String text) {
            return text;
        }
        throw bad(field + ": expected a string, found " + kind(value));
    }

    /** The boolean at {@code field}, or {@code absent} when the field is missing. */
    boolean bool(String field, boolean absent) {
        if (!json.containsKey(field)) {
            return absent;
        }
        Object value = json.getValue(field);
        if (value instanceof Boolean flag) {
            return flag;
        }
        throw bad(field + ": expected true or false, found " + kind(value));
    }

    private static String kind(Object value) {
        if (value == null) {
            return "null";
        }
        if (value instanceof String) {
            return "a string";
        }
        if (value instanceof Number) {
            return "a number";
        }
        if (value instanceof Boolean) {
            return "a boolean";
        }
        if (value instanceof JsonObject) {
            return "an object";
        }
        return "an array";
    }

    static WardenException bad(String message) {
        return new WardenException(ErrorCode.BAD_USAGE, message);
    }
}
