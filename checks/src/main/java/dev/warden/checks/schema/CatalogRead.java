package dev.warden.checks.schema;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** Runs the catalog queries ({@link CatalogQueries}) for every object, or only for some, side by side. */
final class CatalogRead {
    private CatalogRead() {
    }

    static Future<List<CatalogRow>> all(SqlClient client, SchemaFilter filter) {
        List<Future<RowSet<Row>>> queries = new ArrayList<>();
        for (CatalogQueries.Query query : CatalogQueries.Query.values()) {
            queries.add(client.preparedQuery(query.all()).execute(schemas(filter)));
        }
        return rows(queries);
    }

    /** Only the objects with these identities; an identity that is no object reads as nothing. */
    static Future<List<CatalogRow>> only(SqlClient client, SchemaFilter filter, Set<Long> identities) {
        Map<ObjectCatalog, List<Long>> oids = new TreeMap<>();
        for (long identity : identities) {
            oids.computeIfAbsent(ObjectCatalog.of(identity), c -> new ArrayList<>()).add(ObjectCatalog.oid(identity));
        }
        List<Future<RowSet<Row>>> queries = new ArrayList<>();
        for (CatalogQueries.Query query : CatalogQueries.Query.values()) {
            List<Long> wanted = oids.get(query.catalog());
            if (wanted != null) {
                queries.add(client.preparedQuery(query.only()).execute(schemas(filter)
                        .addArrayOfLong(wanted.toArray(Long[]::new))));
            }
        }
        return rows(queries);
    }

    /**
     * The objects with these identities and those that depend on {@code roots} ({@link CatalogScan#dependents}),
     * every kind in one statement ({@link CatalogQueries#changed}).
     */
    static Future<List<CatalogRow>> changed(SqlClient client, SchemaFilter filter, Set<Long> roots, Set<Long> identities) {
        Integer[] catalogs = new Integer[identities.size()];
        Long[] oids = new Long[identities.size()];
        int i = 0;
        for (long identity : identities) {
            catalogs[i] = ObjectCatalog.of(identity).ordinal();
            oids[i++] = ObjectCatalog.oid(identity);
        }
        Tuple parameters = CatalogScan.roots(schemas(filter), roots).addArrayOfInteger(catalogs).addArrayOfLong(oids);
        return rows(List.of(client.preparedQuery(CatalogQueries.changed()).execute(parameters)));
    }

    /** The keys of the objects a migration's lock keeps from being read now. */
    static Future<List<String>> locked(SqlClient client, SchemaFilter filter) {
        List<Future<RowSet<Row>>> queries = new ArrayList<>();
        for (CatalogQueries.Query query : CatalogQueries.Query.values()) {
            query.locked().ifPresent(sql -> queries.add(client.preparedQuery(sql).execute(schemas(filter))));
        }
        return Future.all(queries).map(done -> {
            List<String> keys = new ArrayList<>();
            for (Future<RowSet<Row>> query : queries) {
                for (Row row : query.result()) {
                    keys.add(SchemaObject.key(ObjectKind.fromKey(row.getString("kind")), row.getString("name")));
                }
            }
            return keys;
        });
    }

    private static Future<List<CatalogRow>> rows(List<Future<RowSet<Row>>> queries) {
        return Future.all(queries).map(done -> {
            List<CatalogRow> rows = new ArrayList<>();
            for (int i = 0; i < queries.size(); i++) {
                for (Row row : queries.get(i).result()) {
                    rows.add(row(row));
                }
            }
            return rows;
        });
    }

    private static CatalogRow row(Row row) {
        ObjectKind kind = ObjectKind.fromKey(row.getString("kind"));
        String name = row.getString("name");
        long identity = catalogOf(kind).identity(row.getLong("oid"));
        if (row.getBoolean("locked")) {
            return new CatalogRow(identity, SchemaObject.key(kind, name), null);
        }
        SchemaObject object = SchemaObject.canonical(new SchemaObject(kind, name, text(row.getJsonObject("attributes"))));
        return new CatalogRow(identity, object.key(), object);
    }

    private static ObjectCatalog catalogOf(ObjectKind kind) {
        return switch (kind) {
            case CONSTRAINT -> ObjectCatalog.CONSTRAINT;
            case FUNCTION -> ObjectCatalog.FUNCTION;
            case TRIGGER -> ObjectCatalog.TRIGGER;
            case EXTENSION -> ObjectCatalog.EXTENSION;
            case TABLE, INDEX, SEQUENCE, VIEW, MATERIALIZED_VIEW -> ObjectCatalog.RELATION;
        };
    }

    private static Tuple schemas(SchemaFilter filter) {
        return Tuple.tuple().addArrayOfString(filter.includeArray()).addArrayOfString(filter.excludeArray());
    }

    /** The queries render every attribute as text; this keeps the map typed that way. */
    private static Map<String, String> text(JsonObject attributes) {
        Map<String, String> text = new TreeMap<>();
        attributes.forEach(entry -> text.put(entry.getKey(), String.valueOf(entry.getValue())));
        return text;
    }
}
