package dev.warden.checks.migrations;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.zip.CRC32;

/**
 * The advisory lock keys that migration tools derive, re-computed the way each tool's source does,
 * so that a lock seen in pg_locks can be attributed exactly.
 */
final class AdvisoryLockKeys {
    /** Prisma Migrate: a fixed key, the one its "Timed out trying to acquire a postgres advisory lock" error names. */
    static final long PRISMA = 72707369L;
    /** Sqitch's PostgreSQL engine: {@code pg_try_advisory_lock(75474063)}. */
    static final long SQITCH = 75474063L;
    /** Atlas: {@code migrate apply} locks the FNV-1 (32-bit) hash of this name. */
    static final String ATLAS_MIGRATE_LOCK_NAME = "atlas_migrate_execute";

    /** "Flyway" spelt in bytes; Flyway adds the hash code of the quoted table name to it. */
    private static final long FLYWAY_MAGIC = (0x46L << 40) + (0x6CL << 32) + (0x79L << 24) + (0x77L << 16)
            + (0x61L << 8) + 0x79L;
    private static final long GOLANG_MIGRATE_SALT = 1486364155L;

    private AdvisoryLockKeys() {
    }

    /** Flyway on PostgreSQL: magic number + {@code "\"schema\".\"table\"".hashCode()}. */
    static long flyway(String schema, String table) {
        return FLYWAY_MAGIC + CatalogTable.quote(schema).concat(".").concat(CatalogTable.quote(table)).hashCode();
    }

    /**
     * golang-migrate's {@code GenerateAdvisoryLockId}: CRC-32 (IEEE) of the names joined by NUL bytes,
     * times a salt, in uint32 arithmetic.
     */
    static long golangMigrate(String database, String... additionalNames) {
        CRC32 crc = new CRC32();
        crc.update(database.getBytes(StandardCharsets.UTF_8));
        for (String name : additionalNames) {
            crc.update(0);
            crc.update(name.getBytes(StandardCharsets.UTF_8));
        }
        return (crc.getValue() * GOLANG_MIGRATE_SALT) & 0xFFFFFFFFL;
    }

    /**
     * Every key some golang-migrate release derives for that table: releases hashed the database name
     * alone, then with the schema, and now with the schema and the table; a driver opened from a URL
     * takes the name from the URL path, leading slash included.
     */
    static Set<Long> golangMigrateVariants(String database, String schema, String table) {
        Set<Long> keys = new LinkedHashSet<>();
        for (String name : new String[] {database, "/" + database}) {
            keys.add(golangMigrate(name));
            keys.add(golangMigrate(name, schema));
            keys.add(golangMigrate(name, schema, table));
        }
        return keys;
    }

    /** FNV-1 32-bit (Go's {@code hash/fnv.New32}), as Atlas hashes its lock name. */
    static long fnv1(String value) {
        int hash = 0x811C9DC5;
        for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
            hash *= 0x01000193;
            hash ^= b & 0xFF;
        }
        return hash & 0xFFFFFFFFL;
    }
}
