package dev.warden.config.schema;

import java.util.Objects;

/**
 * One configuration key, defined once: its name, type, default (or required) and a one-line
 * description that the reference page shows.
 */
public record Key<T>(String name, ValueType<T> type, T defaultValue, boolean required, String description,
                     String defaultText) {

    public Key {
        Objects.requireNonNull(name);
        Objects.requireNonNull(type);
        Objects.requireNonNull(description);
    }

    public static <T> Key<T> of(String name, ValueType<T> type, T defaultValue, String description) {
        return new Key<>(name, type, defaultValue, false, description,
                defaultValue == null ? "" : type.render(defaultValue));
    }

    /** A key whose default is computed elsewhere; {@code defaultText} says what it is. */
    public static <T> Key<T> derived(String name, ValueType<T> type, String defaultText, String description) {
        return new Key<>(name, type, null, false, description, defaultText);
    }

    public static <T> Key<T> required(String name, ValueType<T> type, String description) {
        return new Key<>(name, type, null, true, description, "required");
    }
}
