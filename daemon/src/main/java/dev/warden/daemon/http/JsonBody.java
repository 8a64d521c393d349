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

    /** The strings of the array at {@code field}, or an empty list when the field is missing. */
    java.util.List<String> strings(String field) {
        if (!json.containsKey(field)) {
            return java.util.List.of();
        }
        Object value = json.getValue(field);
        if (value instanceof io.vertx.core.json.JsonArray array
                && array.stream().allMatch(item -> item instanceof String)) {
            return array.stream().map(String.class::cast).toList();
        }
        throw bad(field + ": expected an array of strings, found " + kind(value));
    }

    /** The whole number at {@code field}; a 400 naming it when it is missing or not one. */
    int integer(String field) {
        Object value = json.getValue(field);
        if (value instanceof Number number && number.doubleValue() == number.intValue()) {
            return number.intValue();
        }
        throw bad(field + ": expected a whole number, found " + (json.containsKey(field) ? kind(value) : "nothing"));
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
