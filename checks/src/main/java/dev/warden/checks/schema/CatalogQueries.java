package dev.warden.checks.schema;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One pg_catalog query per object kind (never one per table, so 10,000 tables cost the same few
 * round trips). Each returns rows of (kind, name, locked, attributes jsonb); $1/$2 are the include
 * and exclude schema lists.
 *
 * <p>pg_get_expr, pg_get_constraintdef, pg_get_indexdef, pg_get_viewdef, pg_get_triggerdef (with a
 * WHEN clause) and pg_get_functiondef (of a BEGIN ATOMIC body) take an AccessShareLock on the
 * relations they render, so they would queue behind a migration's AccessExclusiveLock and make
 * everyone behind it wait longer. A row whose relations hold or await such a lock comes back with
 * {@code locked} set and no attributes, and the deparse function is never called for it.
 */
final class CatalogQueries {
    private CatalogQueries() {
    }

    private static final String PREFIX = """
            WITH schemas AS (
                SELECT oid, nspname FROM pg_namespace
                WHERE left(nspname, 3) <> 'pg_' AND nspname NOT IN ('information_schema', 'warden')
                  AND (cardinality($1::text[]) = 0 OR nspname = ANY ($1::text[]))
                  AND NOT nspname = ANY ($2::text[])
            ),
            locked AS (
                SELECT DISTINCT relation AS oid FROM pg_locks
                WHERE locktype = 'relation' AND mode = 'AccessExclusiveLock'
                  AND database = (SELECT oid FROM pg_database WHERE datname = current_database())
            ),
            members AS (  -- objects that belong to an extension: its version stands for them
                SELECT classid, objid FROM pg_depend WHERE deptype = 'e'
            )
            """;

    private static final String TABLES = PREFIX + """
            SELECT 'table' AS kind, c.oid::int8 AS oid, s.nspname || '.' || c.relname AS name, k.locked,
                   CASE WHEN NOT k.locked THEN jsonb_strip_nulls(jsonb_build_object(
                       'kind', CASE c.relkind WHEN 'p' THEN 'partitioned table' ELSE 'table' END,
                       'persistence', CASE c.relpersistence WHEN 'u' THEN 'unlogged' END)
                     || coalesce((
                       SELECT jsonb_object_agg('column.' || a.attname || '.' || kv.key, kv.value)
                       FROM pg_attribute a
                       LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
                       CROSS JOIN LATERAL (VALUES
                           ('type', format_type(a.atttypid, a.atttypmod)),
                           ('nullable', (NOT a.attnotnull)::text),
                           ('default', CASE WHEN a.attgenerated = '' THEN pg_get_expr(d.adbin, d.adrelid) END),
                           ('generated', CASE WHEN a.attgenerated <> '' THEN pg_get_expr(d.adbin, d.adrelid) END),
                           ('identity', CASE a.attidentity WHEN 'a' THEN 'always' WHEN 'd' THEN 'by default' END)
                       ) AS kv (key, value)
                       WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped AND kv.value IS NOT NULL
                     ), '{}')) END AS attributes
            FROM pg_class c
            JOIN schemas s ON s.oid = c.relnamespace
            CROSS JOIN LATERAL (SELECT c.oid IN (SELECT oid FROM locked) AS locked) k
            WHERE c.relkind IN ('r', 'p')
              AND {NOT_MEMBER c.oid pg_class} {ONLY c.oid}
            """;

    private static final String CONSTRAINTS = PREFIX + """
            SELECT 'constraint' AS kind, con.oid::int8 AS oid, s.nspname || '.' || c.relname || '.' || con.conname AS name, k.locked,
                   CASE WHEN NOT k.locked THEN jsonb_build_object(
                       'type', CASE con.contype WHEN 'p' THEN 'primary key' WHEN 'f' THEN 'foreign key'
                           WHEN 'u' THEN 'unique' WHEN 'c' THEN 'check' ELSE 'exclusion' END,
                       'definition', pg_get_constraintdef(con.oid),
                       'validated', con.convalidated::text) END AS attributes
            FROM pg_constraint con
            JOIN pg_class c ON c.oid = con.conrelid
            JOIN schemas s ON s.oid = c.relnamespace
            CROSS JOIN LATERAL (SELECT EXISTS (SELECT 1 FROM locked l
                WHERE l.oid IN (con.conrelid, con.confrelid, con.conindid)) AS locked) k
            WHERE con.contype IN ('p', 'f', 'u', 'c', 'x')
              AND {NOT_MEMBER c.oid pg_class} {ONLY con.oid}
            """;

    private static final String INDEXES = PREFIX + """
            SELECT 'index' AS kind, ic.oid::int8 AS oid, s.nspname || '.' || ic.relname AS name, k.locked,
                   CASE WHEN NOT k.locked THEN jsonb_build_object(
                       'definition', pg_get_indexdef(i.indexrelid),
                       'valid', i.indisvalid::text) END AS attributes
            FROM pg_index i
            JOIN pg_class ic ON ic.oid = i.indexrelid
            JOIN schemas s ON s.oid = ic.relnamespace
            CROSS JOIN LATERAL (SELECT EXISTS (SELECT 1 FROM locked l
                WHERE l.oid IN (i.indexrelid, i.indrelid)) AS locked) k
            WHERE {NOT_MEMBER i.indrelid pg_class} {ONLY ic.oid}
            """;

    private static final String SEQUENCES = PREFIX + """
            SELECT 'sequence' AS kind, c.oid::int8 AS oid, s.nspname || '.' || c.relname AS name, false AS locked,
                   jsonb_build_object(
                       'type', format_type(q.seqtypid, NULL), 'start', q.seqstart::text,
                       'increment', q.seqincrement::text, 'min', q.seqmin::text, 'max', q.seqmax::text,
                       'cache', q.seqcache::text, 'cycle', q.seqcycle::text) AS attributes
            FROM pg_sequence q
            JOIN pg_class c ON c.oid = q.seqrelid
            JOIN schemas s ON s.oid = c.relnamespace
            WHERE {NOT_MEMBER c.oid pg_class} {ONLY c.oid}
            """;

    /** A view's definition locks the relations its rule reads, so those are checked too. */
    private static final String VIEWS = PREFIX + """
            SELECT CASE c.relkind WHEN 'm' THEN 'materialized_view' ELSE 'view' END AS kind, c.oid::int8 AS oid,
                   s.nspname || '.' || c.relname AS name, k.locked,
                   CASE WHEN NOT k.locked THEN jsonb_strip_nulls(jsonb_build_object(
                       'definition', pg_get_viewdef(c.oid),
                       'populated', CASE c.relkind WHEN 'm' THEN c.relispopulated::text END)) END AS attributes
            FROM pg_class c
            JOIN schemas s ON s.oid = c.relnamespace
            CROSS JOIN LATERAL (SELECT c.oid IN (SELECT oid FROM locked) OR EXISTS (
                SELECT 1 FROM pg_rewrite r
                JOIN pg_depend d ON d.classid = 'pg_rewrite'::regclass AND d.objid = r.oid
                                AND d.refclassid = 'pg_class'::regclass
                JOIN locked l ON l.oid = d.refobjid
                WHERE r.ev_class = c.oid) AS locked) k
            WHERE c.relkind IN ('v', 'm')
              AND {NOT_MEMBER c.oid pg_class} {ONLY c.oid}
            """;

    /** The body is hashed, not kept: a fingerprint must stay small with thousands of functions. */
    private static final String FUNCTIONS = PREFIX + """
            SELECT 'function' AS kind, p.oid::int8 AS oid,
                   s.nspname || '.' || p.proname || '(' || pg_get_function_identity_arguments(p.oid) || ')' AS name,
                   k.locked,
                   CASE WHEN NOT k.locked THEN jsonb_strip_nulls(jsonb_build_object(
                       'kind', CASE p.prokind WHEN 'p' THEN 'procedure' ELSE 'function' END,
                       'returns', pg_get_function_result(p.oid),
                       'language', lang.lanname,
                       'definition_sha256',
                           encode(sha256(convert_to(pg_get_functiondef(p.oid), 'UTF8')), 'hex'))) END AS attributes
            FROM pg_proc p
            JOIN schemas s ON s.oid = p.pronamespace
            JOIN pg_language lang ON lang.oid = p.prolang
            CROSS JOIN LATERAL (SELECT EXISTS (
                SELECT 1 FROM pg_depend d JOIN locked l ON l.oid = d.refobjid
                WHERE d.classid = 'pg_proc'::regclass AND d.objid = p.oid
                  AND d.refclassid = 'pg_class'::regclass) AS locked) k
            WHERE p.prokind IN ('f', 'p')
              AND {NOT_MEMBER p.oid pg_proc} {ONLY p.oid}
            """;

    private static final String TRIGGERS = PREFIX + """
            SELECT 'trigger' AS kind, t.oid::int8 AS oid, s.nspname || '.' || c.relname || '.' || t.tgname AS name, k.locked,
                   CASE WHEN NOT k.locked THEN jsonb_build_object(
                       'definition', pg_get_triggerdef(t.oid),
                       'enabled', CASE t.tgenabled WHEN 'O' THEN 'origin' WHEN 'D' THEN 'disabled'
                           WHEN 'R' THEN 'replica' ELSE 'always' END) END AS attributes
            FROM pg_trigger t
            JOIN pg_class c ON c.oid = t.tgrelid
            JOIN schemas s ON s.oid = c.relnamespace
            CROSS JOIN LATERAL (SELECT t.tgrelid IN (SELECT oid FROM locked) AS locked) k
            WHERE NOT t.tgisinternal
              AND {NOT_MEMBER c.oid pg_class} {ONLY t.oid}
            """;

    /** Extensions are database-wide: the schema filter does not apply to them. */
    private static final String EXTENSIONS = PREFIX + """
            SELECT 'extension' AS kind, e.oid::int8 AS oid, e.extname AS name, false AS locked,
                   jsonb_build_object('version', e.extversion, 'schema', n.nspname) AS attributes
            FROM pg_extension e
            JOIN pg_namespace n ON n.oid = e.extnamespace
            WHERE true {ONLY e.oid}
            """;

    /** Each kind's query, with the catalog whose oid identifies its objects. */
    enum Query {
        TABLES(CatalogQueries.TABLES, ObjectCatalog.RELATION),
        CONSTRAINTS(CatalogQueries.CONSTRAINTS, ObjectCatalog.CONSTRAINT),
        INDEXES(CatalogQueries.INDEXES, ObjectCatalog.RELATION),
        SEQUENCES(CatalogQueries.SEQUENCES, ObjectCatalog.RELATION),
        VIEWS(CatalogQueries.VIEWS, ObjectCatalog.RELATION),
        FUNCTIONS(CatalogQueries.FUNCTIONS, ObjectCatalog.FUNCTION),
        TRIGGERS(CatalogQueries.TRIGGERS, ObjectCatalog.TRIGGER),
        EXTENSIONS(CatalogQueries.EXTENSIONS, ObjectCatalog.EXTENSION);

        private final String all;
        private final String only;
        private final String locked;
        private final String changed;
        private final ObjectCatalog catalog;

        Query(String template, ObjectCatalog catalog) {
            this.all = expand(template, Mode.ALL, catalog);
            this.only = expand(template, Mode.ONLY, catalog);
            this.locked = template.contains("k.locked") ? expand(template, Mode.LOCKED, catalog) : null;
            this.changed = expand(template.substring(PREFIX.length()), Mode.CHANGED, catalog);
            this.catalog = catalog;
        }

        /** Only the objects a lock keeps from being read (nothing is deparsed); none for kinds never locked. */
        Optional<String> locked() {
            return Optional.ofNullable(locked);
        }

        /** Every object of the kind; $1/$2 are the schema lists. */
        String all() {
            return all;
        }

        /** Only the objects whose identifying oid is in $3 (int8[]). */
        String only() {
            return only;
        }

        ObjectCatalog catalog() {
            return catalog;
        }
    }

    /**
     * One statement for a refresh that found changes, every kind at once: the definitions of the objects
     * in $5/$6 (catalog ordinals int4[], oids int8[]) and of the objects that print the name or columns
     * of those in $3/$4 (catalog table names text[], oids int8[]), found through pg_depend's index as
     * {@link CatalogScan#dependents} finds them. So the deparse does not wait a round trip for the
     * dependents first. Each kind takes its oids as an array made once, which its catalog's oid index
     * is probed with.
     */
    static String changed() {
        return Changed.SQL;
    }

    private static final class Changed {
        private static final String SQL = PREFIX.stripTrailing() + """
                ,
                roots AS (SELECT * FROM unnest($3::text[], $4::int8[]) AS r (catalog, oid)),
                dependents AS (
                """ + CatalogScan.DEPENDENTS_OF_ROOTS + """
                ),
                wanted AS (
                    SELECT catalog, oid FROM unnest($5::int4[], $6::int8[]) AS w (catalog, oid)
                    UNION SELECT catalog, oid FROM dependents WHERE catalog IS NOT NULL AND oid IS NOT NULL
                )
                """ + java.util.Arrays.stream(Query.values()).map(q -> "(" + q.changed.strip() + ")")
                .collect(java.util.stream.Collectors.joining("\nUNION ALL\n"));
    }

    private static final Pattern NOT_MEMBER = Pattern.compile("\\{NOT_MEMBER (\\S+) (\\S+)}");
    private static final Pattern ONLY = Pattern.compile("\\{ONLY (\\S+)}");

    /**
     * A full read tells extension members apart with one hashed scan of pg_depend; a read of a few
     * objects probes pg_depend's index for each instead, which is far cheaper than that scan.
     */
    private enum Mode { ALL, ONLY, LOCKED, CHANGED }

    private static String expand(String template, Mode mode, ObjectCatalog catalog) {
        boolean only = mode == Mode.ONLY || mode == Mode.CHANGED;
        String members = NOT_MEMBER.matcher(template).replaceAll(match -> only
                ? "NOT EXISTS (SELECT 1 FROM pg_depend e WHERE e.classid = '" + match.group(2)
                        + "'::regclass AND e.objid = " + match.group(1) + " AND e.deptype = 'e')"
                : match.group(1) + " NOT IN (SELECT objid FROM members WHERE classid = '" + match.group(2)
                        + "'::regclass)");
        return ONLY.matcher(members).replaceAll(match -> switch (mode) {
            case ALL -> "";
            case ONLY -> "AND " + match.group(1) + " = ANY (\\$3::int8[]::oid[])";
            case LOCKED -> "AND k.locked";
            case CHANGED -> "AND " + match.group(1) + " = ANY (ARRAY(SELECT oid::oid FROM wanted WHERE catalog = "
                    + catalog.ordinal() + "))";
        });
    }
}
