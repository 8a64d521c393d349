package dev.warden.checks.migrations;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Lists, in one catalogue query, every table in any schema whose name is one of the tools' table
 * names, with its columns and types. Reads only pg_catalog, so it never waits on a user table's lock.
 */
final class CatalogListing {
    /** A database with a history table per tenant schema could list thousands; read at most this many. */
    static final int MAX_TABLES = 500;

    private static final String SQL = """
            SELECT current_database() AS database, coalesce(json_agg(t), '[]'::json) AS tables
            FROM (SELECT c.oid::bigint AS oid, n.nspname AS schema, c.relname AS name,
                         (SELECT json_object_agg(a.attname, format_type(a.atttypid, a.atttypmod))
                            FROM pg_catalog.pg_attribute a
                           WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped) AS columns
                    FROM pg_catalog.pg_class c
                    JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
                   WHERE c.relkind IN ('r', 'p') AND c.relname = ANY($1::text[])
                     AND n.nspname <> 'information_schema' AND n.nspname !~ '^pg_(catalog|toast|temp)'
                   ORDER BY n.nspname, c.relname
                   LIMIT $2) t
            """;

    record Catalog(String database, List<CatalogTable> tables) {
    }

    private CatalogListing() {
    }

    static Future<Catalog> list(SqlClient client, Collection<String> tableNames) {
        return client.preparedQuery(SQL).execute(Tuple.of(tableNames.toArray(new String[0]), MAX_TABLES))
                .map(rows -> toCatalog(rows.iterator().next()));
    }

    private static Catalog toCatalog(Row row) {
        Object value = row.getValue("tables");
        JsonArray array = value instanceof JsonArray json ? json : new JsonArray(String.valueOf(value));
        List<CatalogTable> tables = new ArrayList<>(array.size());
        for (int i = 0; i < array.size(); i++) {
            JsonObject table = array.getJsonObject(i);
            Map<String, String> columns = new LinkedHashMap<>();
            JsonObject listed = table.getJsonObject("columns", new JsonObject());
            listed.forEach(column -> columns.put(column.getKey(), String.valueOf(column.getValue())));
            tables.add(new CatalogTable(table.getLong("oid"), table.getString("schema"), table.getString("name"), columns));
        }
        return new Catalog(row.getString("database"), tables);
    }
}
