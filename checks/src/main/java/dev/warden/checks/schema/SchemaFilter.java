package dev.warden.checks.schema;

import java.util.List;

/**
 * Which schemas a fingerprint covers. An empty include list means every non-system schema.
 * {@link #ALWAYS_EXCLUDED} are never read, whatever the lists say: PostgreSQL's own schemas
 * ({@code pg_catalog}, {@code pg_toast*}, {@code pg_temp*}, every {@code pg_} prefix being
 * reserved), {@code information_schema}, and Warden's own schema {@code warden}.
 */
public record SchemaFilter(List<String> includeSchemas, List<String> excludeSchemas) {
    public static final List<String> ALWAYS_EXCLUDED =
            List.of("pg_catalog", "information_schema", "pg_toast*", "pg_temp*", "warden");

    public SchemaFilter {
        includeSchemas = List.copyOf(includeSchemas);
        excludeSchemas = List.copyOf(excludeSchemas);
    }

    /** Every non-system schema. */
    public static SchemaFilter all() {
        return new SchemaFilter(List.of(), List.of());
    }

    public static SchemaFilter including(String... schemas) {
        return new SchemaFilter(List.of(schemas), List.of());
    }

    public static SchemaFilter excluding(String... schemas) {
        return new SchemaFilter(List.of(), List.of(schemas));
    }

    String[] includeArray() {
        return includeSchemas.toArray(String[]::new);
    }

    String[] excludeArray() {
        return excludeSchemas.toArray(String[]::new);
    }
}
