package dev.warden.checks.migrations;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DdlStatementsTest {

    @Test
    void shouldRecogniseSchemaChangingStatementsAfterComments() {
        assertThat(DdlStatements.isDdl("ALTER TABLE t ADD COLUMN c int")).isTrue();
        assertThat(DdlStatements.isDdl("  -- V3\n/* add index */ create index concurrently i on t (c)")).isTrue();
        assertThat(DdlStatements.isDdl("LOCK TABLE knex_migrations IN ACCESS EXCLUSIVE MODE")).isTrue();
        assertThat(DdlStatements.isDdl("VACUUM (FULL) t")).isTrue();
    }

    @Test
    void shouldNotMistakeQueriesForDdl() {
        assertThat(DdlStatements.isDdl("SELECT created, dropped FROM t")).isFalse();
        assertThat(DdlStatements.isDdl("SELECT pg_advisory_lock(1)")).isFalse();
        assertThat(DdlStatements.isDdl("VACUUM t")).isFalse();
        assertThat(DdlStatements.isDdl("-- ALTER TABLE t\nSELECT 1")).isFalse();
        assertThat(DdlStatements.isDdl(null)).isFalse();
    }
}
