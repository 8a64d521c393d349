package dev.warden.checks.migrations;

import java.util.Map;
import java.util.Objects;

/**
 * A table from the catalogue listing: where it is and what columns it has.
 *
 * @param oid     its pg_class oid
 * @param schema  its schema
 * @param name    its name, exactly as stored (case-sensitive)
 * @param columns column name to type, as {@code format_type} prints it ({@code bigint}, {@code character varying(255)})
 */
public record CatalogTable(long oid, String schema, String name, Map<String, String> columns) {
    public CatalogTable {
        Objects.requireNonNull(schema, "schema");
        Objects.requireNonNull(name, "name");
        columns = Map.copyOf(columns);
    }

    /** Whether every named column exists. */
    public boolean hasColumns(String... names) {
        for (String column : names) {
            if (!columns.containsKey(column)) {
                return false;
            }
        }
        return true;
    }

    /** The type of a column, or null when the table has no such column. */
    public String columnType(String column) {
        return columns.get(column);
    }

    /** {@code "schema"."name"}, quoted for use in SQL. */
    public String qualifiedName() {
        return quote(schema) + "." + quote(name);
    }

    static String quote(String identifier) {
        return '"' + identifier.replace("\"", "\"\"") + '"';
    }
}
