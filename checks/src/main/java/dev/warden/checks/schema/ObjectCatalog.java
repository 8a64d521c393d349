package dev.warden.checks.schema;

/**
 * The catalogs whose row oid identifies something the incremental fingerprint follows: relations
 * (tables, indexes, sequences, views), constraints, triggers, functions and extensions are objects;
 * types and schemas are only followed because renaming them changes how objects read. An identity
 * packs the catalog and the oid into one long, so that thousands of them stay compact.
 */
enum ObjectCatalog {
    RELATION("pg_class"),
    CONSTRAINT("pg_constraint"),
    TRIGGER("pg_trigger"),
    FUNCTION("pg_proc"),
    EXTENSION("pg_extension"),
    TYPE("pg_type"),
    NAMESPACE("pg_namespace");

    private static final ObjectCatalog[] ALL = values();

    private final String table;

    ObjectCatalog(String table) {
        this.table = table;
    }

    String table() {
        return table;
    }

    long identity(long oid) {
        return ((long) ordinal() << 32) | (oid & 0xFFFF_FFFFL);
    }

    static ObjectCatalog of(long identity) {
        return ALL[(int) (identity >>> 32)];
    }

    static long oid(long identity) {
        return identity & 0xFFFF_FFFFL;
    }
}
