package dev.warden.checks.schema;

import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The per-object change detection: no deparsing, only catalog rows' oids and xmins, in one statement
 * (so one snapshot) for every catalog whose counter moved. Then, for what changed, the objects that
 * print its name or columns (indexes, constraints, views, triggers of a renamed table; columns of a
 * renamed type), found through pg_depend's index.
 */
final class CatalogScan {
    private static final String WATCHED = """
            WITH watched AS (
                SELECT oid FROM pg_namespace
                WHERE left(nspname, 3) <> 'pg_' AND nspname NOT IN ('information_schema', 'warden')
                  AND (cardinality($1::text[]) = 0 OR nspname = ANY ($1::text[]))
                  AND NOT nspname = ANY ($2::text[])
            )
            """;

    /**
     * What each dependent's pg_depend row names, as the identity of the object that prints it, for the
     * objects in {@code roots (catalog, oid)}: the table name of their catalog and their oid.
     */
    static final String DEPENDENTS_OF_ROOTS = """
            SELECT CASE d.classid
                       WHEN 'pg_class'::regclass THEN 0 WHEN 'pg_attrdef'::regclass THEN 0
                       WHEN 'pg_rewrite'::regclass THEN 0 WHEN 'pg_constraint'::regclass THEN 1
                       WHEN 'pg_trigger'::regclass THEN 2 WHEN 'pg_proc'::regclass THEN 3
                       WHEN 'pg_extension'::regclass THEN 4 END AS catalog,
                   CASE d.classid
                       WHEN 'pg_attrdef'::regclass THEN (SELECT adrelid FROM pg_attrdef WHERE oid = d.objid)
                       WHEN 'pg_rewrite'::regclass THEN (SELECT ev_class FROM pg_rewrite WHERE oid = d.objid)
                       ELSE d.objid END::int8 AS oid
            FROM roots r
            JOIN pg_depend d ON d.refclassid = r.catalog::regclass AND d.refobjid = r.oid::oid
            WHERE d.deptype IN ('n', 'a', 'i')
              AND d.classid IN ('pg_class'::regclass, 'pg_attrdef'::regclass, 'pg_rewrite'::regclass,
                  'pg_constraint'::regclass, 'pg_trigger'::regclass, 'pg_proc'::regclass, 'pg_extension'::regclass)
            UNION ALL  -- a primary key's or unique constraint's index depends on the constraint, not the table
            SELECT 0, i.indexrelid::int8
            FROM roots r
            JOIN pg_index i ON r.catalog = 'pg_class' AND i.indrelid = r.oid::oid
            """;

    private static final String DEPENDENTS = "WITH roots AS (SELECT * FROM unnest($1::text[], $2::int8[]) AS r (catalog, oid))\n"
            + DEPENDENTS_OF_ROOTS;

    /** One catalog's answer: its population count (null when it has none) and the oids written recently. */
    record Scanned(Long population, List<Long> recent) {
    }

    private CatalogScan() {
    }

    static Future<Map<WatchedCatalog, Scanned>> scan(SqlClient client, SchemaFilter filter, List<WatchedCatalog> catalogs,
                                                     Map<WatchedCatalog, Long> horizons) {
        Tuple parameters = schemas(filter);
        List<String> parts = new ArrayList<>();
        for (WatchedCatalog catalog : catalogs) {
            parameters.addString(Long.toString(horizons.get(catalog) & 0xFFFF_FFFFL));
            parts.add(catalog.scan(parameters.size()));
        }
        String sql = WATCHED + parts.stream().map(p -> "(" + p + ")").collect(Collectors.joining("\nUNION ALL\n"));
        return client.preparedQuery(sql).execute(parameters).map(rows -> {
            Map<WatchedCatalog, Scanned> scanned = new EnumMap<>(WatchedCatalog.class);
            for (Row row : rows) {
                scanned.put(WatchedCatalog.values()[row.getInteger("catalog")],
                        new Scanned(row.getLong("population"), Arrays.asList(row.getArrayOfLongs("recent"))));
            }
            return scanned;
        });
    }

    /** Every oid of these catalogs' populations: only needed when a count says some rows went away. */
    static Future<Map<WatchedCatalog, OidSet>> list(SqlClient client, SchemaFilter filter, Set<WatchedCatalog> catalogs) {
        String sql = WATCHED + catalogs.stream().map(c -> "(" + c.list() + ")").collect(Collectors.joining("\nUNION ALL\n"));
        return client.preparedQuery(sql).execute(schemas(filter)).map(rows -> {
            Map<WatchedCatalog, OidSet> lists = new EnumMap<>(WatchedCatalog.class);
            for (Row row : rows) {
                lists.put(WatchedCatalog.values()[row.getInteger("catalog")],
                        OidSet.of(Arrays.asList(row.getArrayOfLongs("oids"))));
            }
            return lists;
        });
    }

    /** The identities of the objects that depend on these, one level down. */
    static Future<List<Long>> dependents(SqlClient client, Set<Long> identities) {
        if (identities.isEmpty()) {
            return Future.succeededFuture(List.of());
        }
        return client.preparedQuery(DEPENDENTS).execute(roots(Tuple.tuple(), identities)).map(rows -> {
            List<Long> dependents = new ArrayList<>();
            for (Row row : rows) {
                Integer catalog = row.getInteger("catalog");
                Long oid = row.getLong("oid");
                if (catalog != null && oid != null) {
                    dependents.add(ObjectCatalog.values()[catalog].identity(oid));
                }
            }
            return dependents;
        });
    }

    /** Adds the objects as two parameters: their catalogs' table names (text[]) and their oids (int8[]). */
    static Tuple roots(Tuple parameters, Set<Long> identities) {
        String[] catalogs = new String[identities.size()];
        Long[] oids = new Long[identities.size()];
        int i = 0;
        for (long identity : identities) {
            catalogs[i] = ObjectCatalog.of(identity).table();
            oids[i++] = ObjectCatalog.oid(identity);
        }
        return parameters.addArrayOfString(catalogs).addArrayOfLong(oids);
    }

    private static Tuple schemas(SchemaFilter filter) {
        return Tuple.tuple().addArrayOfString(filter.includeArray()).addArrayOfString(filter.excludeArray());
    }
}
