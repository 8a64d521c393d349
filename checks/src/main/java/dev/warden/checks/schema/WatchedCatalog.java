package dev.warden.checks.schema;

/**
 * The catalogs a fingerprint is read from, each with what a recently written row of it stands for.
 * Its write counter says whether to look at it at all (the cheap per-catalog signal); then rows whose
 * xmin is at or past the catalog's horizon are the ones written since it was last looked at. For the
 * catalogs whose rows are objects ({@link #population()}), the number of rows in the watched schemas
 * also tells whether some were deleted. Temporary objects never count: their schemas are not watched,
 * and the rows of other catalogs that belong to them point at relations outside the population.
 */
enum WatchedCatalog {
    PG_CLASS("pg_class", ObjectCatalog.RELATION, "c.oid", "pg_class c WHERE c.relnamespace IN (SELECT oid FROM watched)"
            + " AND c.relkind IN ('r', 'p', 'v', 'm', 'S', 'i', 'I')", true),
    PG_ATTRIBUTE("pg_attribute", ObjectCatalog.RELATION, "c.attrelid", "pg_attribute c WHERE true", false),
    PG_ATTRDEF("pg_attrdef", ObjectCatalog.RELATION, "c.adrelid", "pg_attrdef c WHERE true", false),
    PG_INDEX("pg_index", ObjectCatalog.RELATION, "c.indexrelid", "pg_index c WHERE true", false),
    PG_SEQUENCE("pg_sequence", ObjectCatalog.RELATION, "c.seqrelid", "pg_sequence c WHERE true", false),
    PG_REWRITE("pg_rewrite", ObjectCatalog.RELATION, "c.ev_class", "pg_rewrite c WHERE true", false),
    PG_CONSTRAINT("pg_constraint", ObjectCatalog.CONSTRAINT, "c.oid", "pg_constraint c WHERE c.connamespace IN"
            + " (SELECT oid FROM watched) AND c.contype IN ('p', 'f', 'u', 'c', 'x') AND c.conrelid <> 0", true),
    PG_TRIGGER("pg_trigger", ObjectCatalog.TRIGGER, "c.oid", "pg_trigger c JOIN pg_class r ON r.oid = c.tgrelid"
            + " WHERE r.relnamespace IN (SELECT oid FROM watched) AND NOT c.tgisinternal", true),
    PG_PROC("pg_proc", ObjectCatalog.FUNCTION, "c.oid", "pg_proc c WHERE c.pronamespace IN (SELECT oid FROM watched)"
            + " AND c.prokind IN ('f', 'p')", true),
    PG_EXTENSION("pg_extension", ObjectCatalog.EXTENSION, "c.oid", "pg_extension c WHERE true", true),
    PG_TYPE("pg_type", ObjectCatalog.TYPE, "c.oid", "pg_type c WHERE c.typnamespace IN (SELECT oid FROM watched)", false),
    PG_NAMESPACE("pg_namespace", ObjectCatalog.NAMESPACE, "c.oid", "pg_namespace c WHERE c.oid IN (SELECT oid FROM watched)",
            true);

    private final String table;
    private final ObjectCatalog stands;
    private final String oid;
    private final String rows;
    private final boolean population;

    WatchedCatalog(String table, ObjectCatalog stands, String oid, String rows, boolean population) {
        this.table = table;
        this.stands = stands;
        this.oid = oid;
        this.rows = rows;
        this.population = population;
    }

    String table() {
        return table;
    }

    /** What the oid a row gives identifies. */
    ObjectCatalog stands() {
        return stands;
    }

    /** Whether this catalog's rows in the watched schemas are objects, counted to notice deletions. */
    boolean population() {
        return population;
    }

    /**
     * One row (catalog ordinal, population count or null, oids of rows written at or past the horizon,
     * given as an xid in parameter {@code horizonParameter}). age() of both sides compares xids
     * across wraparound; a frozen row's age is never in range.
     */
    String scan(int horizonParameter) {
        // The horizon's age in a subquery: computed once, not once per catalog row.
        String recent = "age(c.xmin) BETWEEN 0 AND (SELECT age($" + horizonParameter + "::text::xid))";
        if (population) {
            return "SELECT " + ordinal() + " AS catalog, count(*) AS population, coalesce(array_agg(DISTINCT "
                    + oid + "::int8) FILTER (WHERE " + recent + "), '{}') AS recent FROM " + rows;
        }
        return "SELECT " + ordinal() + " AS catalog, NULL::int8 AS population, coalesce(array_agg(DISTINCT "
                + oid + "::int8), '{}') AS recent FROM " + rows + " AND " + recent;
    }

    /** One row (catalog ordinal, every oid of the population). */
    String list() {
        return "SELECT " + ordinal() + " AS catalog, coalesce(array_agg(" + oid + "::int8), '{}') AS oids FROM " + rows;
    }

    /** Its write counter: rows inserted, updated and deleted since the statistics were reset. */
    String counter() {
        String regclass = "'" + table + "'::regclass";
        return "pg_stat_get_tuples_inserted(" + regclass + ") + pg_stat_get_tuples_updated(" + regclass
                + ") + pg_stat_get_tuples_deleted(" + regclass + ")";
    }
}
