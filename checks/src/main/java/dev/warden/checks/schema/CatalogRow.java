package dev.warden.checks.schema;

/**
 * One row of the catalog queries: which catalog row the object is ({@link ObjectCatalog#identity}),
 * its key, and its definition, or null when a migration's lock kept it from being read.
 */
record CatalogRow(long identity, String key, SchemaObject object) {
    boolean locked() {
        return object == null;
    }
}
