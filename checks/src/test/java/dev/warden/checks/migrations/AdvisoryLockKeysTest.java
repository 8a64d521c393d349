package dev.warden.checks.migrations;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Expected values were computed independently (Python's zlib.crc32 and a hand-written FNV-1). */
class AdvisoryLockKeysTest {

    @Test
    void shouldDeriveGolangMigrateKeyFromDatabaseSchemaAndTable() {
        assertThat(AdvisoryLockKeys.golangMigrate("mydb")).isEqualTo(3799279374L);
        assertThat(AdvisoryLockKeys.golangMigrate("mydb", "public")).isEqualTo(1691111531L);
        assertThat(AdvisoryLockKeys.golangMigrate("mydb", "public", "schema_migrations")).isEqualTo(3273772555L);
    }

    @Test
    void shouldIncludeEveryGolangMigrateReleaseVariant() {
        assertThat(AdvisoryLockKeys.golangMigrateVariants("mydb", "public", "schema_migrations"))
                .contains(3799279374L, 1691111531L, 3273772555L, 2398284773L)
                .hasSize(6);
    }

    @Test
    void shouldHashAtlasLockNameWithFnv1() {
        assertThat(AdvisoryLockKeys.fnv1("a")).isEqualTo(84696446L);
        assertThat(AdvisoryLockKeys.fnv1(AdvisoryLockKeys.ATLAS_MIGRATE_LOCK_NAME)).isEqualTo(2686470616L);
    }

    @Test
    void shouldAddQuotedTableNameHashToFlywayMagicNumber() {
        assertThat(AdvisoryLockKeys.flyway("public", "flyway_schema_history")).isEqualTo(77433833903597L);
    }
}
