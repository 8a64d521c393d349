package dev.warden.config.schema;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * How one kind of configuration value is read from YAML and shown in the reference.
 * {@link #read} throws {@link IllegalArgumentException} whose message says what was expected.
 */
public interface ValueType<T> {

    /** A short name for the reference, such as {@code duration} or {@code postgres URI}. */
    String name();

    T read(JsonNode node, Context context);

    /** How a default shows in the reference page. */
    default String render(T value) {
        return String.valueOf(value);
    }

    /** Secrets show as {@code ****} wherever the value would be quoted back. */
    default boolean secret() {
        return false;
    }
}
