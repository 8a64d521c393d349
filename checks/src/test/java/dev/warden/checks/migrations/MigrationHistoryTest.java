package dev.warden.checks.migrations;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MigrationHistoryTest {
    private static final Instant T0 = Instant.parse("2024-05-01T10:00:00Z");

    private static MigrationRecord record(String tool, String version, Instant at, MigrationState state) {
        return new MigrationRecord(tool, "public", version, version, at, null, state);
    }

    @Test
    void shouldNotReportFailureThatWasLaterApplied() {
        MigrationHistory history = new MigrationHistory(Map.of("sqitch", List.of(
                record("sqitch", "c1", T0.plusSeconds(20), MigrationState.APPLIED),
                record("sqitch", "c1", T0.plusSeconds(10), MigrationState.FAILED),
                record("sqitch", "c2", T0, MigrationState.FAILED))), List.of(), List.of());

        assertThat(history.failed()).extracting(MigrationRecord::version).containsExactly("c2");
    }

    @Test
    void shouldTreatDirtyAsFailedOnlyWhenItsToolShowsNothingRunning() {
        List<MigrationRecord> dirty = List.of(record("golang-migrate", "7", null, MigrationState.DIRTY));
        RunningMigration lock = new RunningMigration("golang-migrate", 42, T0, "ALTER TABLE t", false,
                RunningMigration.Source.ADVISORY_LOCK);

        assertThat(new MigrationHistory(Map.of("golang-migrate", dirty), List.of(), List.of()).failed()).hasSize(1);
        assertThat(new MigrationHistory(Map.of("golang-migrate", dirty), List.of(lock), List.of()).failed()).isEmpty();
    }

    @Test
    void shouldPickLatestByApplicationTimeAcrossTools() {
        MigrationHistory history = new MigrationHistory(Map.of(
                "alembic", List.of(record("alembic", "abc", null, MigrationState.APPLIED)),
                "flyway", List.of(record("flyway", "2", T0.plusSeconds(5), MigrationState.APPLIED)),
                "knex", List.of(record("knex", "x.js", T0.plusSeconds(9), MigrationState.APPLIED))),
                List.of(), List.of());

        assertThat(history.latest()).get().extracting(MigrationRecord::version).isEqualTo("x.js");
    }

    @Test
    void shouldCountSkippedLockedTableAsMigrationInProgress() {
        SkippedTable locked = new SkippedTable("flyway", "public", "flyway_schema_history",
                SkippedTable.Reason.ACCESS_EXCLUSIVE_LOCK, "held", 7);
        SkippedTable timeout = new SkippedTable("flyway", "public", "flyway_schema_history",
                SkippedTable.Reason.STATEMENT_TIMEOUT, "57014", null);

        assertThat(new MigrationHistory(Map.of(), List.of(), List.of(locked)).migrationInProgress()).isTrue();
        assertThat(new MigrationHistory(Map.of(), List.of(), List.of(timeout)).migrationInProgress()).isFalse();
        assertThat(new MigrationHistory(Map.of(), List.of(), List.of(locked)).tools()).containsExactly("flyway");
    }
}
