package dev.warden.checks.schema;

import java.util.List;

/**
 * One difference between two fingerprints. {@code object} is the object after the change, or
 * before it when it was removed. {@code details} say, for a change, which attributes differ, one line
 * each, e.g. {@code public.orders.status: type character varying(20) -> character varying(50)}.
 */
public record SchemaChange(Type type, SchemaObject object, List<String> details) {
    public enum Type { ADDED, REMOVED, CHANGED }

    public SchemaChange {
        details = List.copyOf(details);
    }

    public String key() {
        return object.key();
    }

    @Override
    public String toString() {
        return type + " " + key() + (details.isEmpty() ? "" : " " + details);
    }
}
