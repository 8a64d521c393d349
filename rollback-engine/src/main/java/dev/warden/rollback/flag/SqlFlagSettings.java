package dev.warden.rollback.flag;

import java.time.Duration;
import java.util.Objects;

/**
 * A flag stored as a row of a table in the target database. YAML keys ({@code feature_flag.sql.*}):
 * {@code table} ({@code schema.table}, or a bare name found through the search_path),
 * {@code key_column}, {@code value_column}, {@code key} (the flag's key), {@code off_value} (the
 * value meaning "off", as text: {@code false}, {@code 0}, {@code off}; cast to the column's type by
 * PostgreSQL), {@code lock_timeout} (default 2s: the update never queues longer behind a lock).
 */
public record SqlFlagSettings(String table, String keyColumn, String valueColumn, String key, String offValue,
                              Duration lockTimeout) {
    public static final Duration DEFAULT_LOCK_TIMEOUT = Duration.ofSeconds(2);

    public SqlFlagSettings {
        Objects.requireNonNull(table, "table");
        Objects.requireNonNull(keyColumn, "key_column");
        Objects.requireNonNull(valueColumn, "value_column");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(offValue, "off_value");
        if (table.split("\\.", -1).length > 2) {
            throw new IllegalArgumentException("table: expected schema.table or table, found " + table);
        }
        lockTimeout = lockTimeout == null ? DEFAULT_LOCK_TIMEOUT : lockTimeout;
    }

    /** The table's schema, or null for a bare name. */
    public String schema() {
        int dot = table.indexOf('.');
        return dot < 0 ? null : table.substring(0, dot);
    }

    /** The table's own name. */
    public String tableName() {
        return table.substring(table.indexOf('.') + 1);
    }
}
