package dev.warden.checks.migrations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.warden.checks.migrations.RunningMigrationDetector.ToolTable;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The attribution heuristic, on sessions as the activity query returns them. */
class RunningMigrationDetectorTest {
    private static final ToolTable KNEX = new ToolTable(MigrationTools.KNEX, "public", "knex_migrations");
    private static final ToolTable SQITCH = new ToolTable(MigrationTools.SQITCH, "sqitch", "events");

    private static SessionActivity.Session session(int pid, String state, String query, List<Long> keys,
                                                   boolean advisory) {
        return new SessionActivity.Session(pid, state, null, query, false, keys, Set.of(), advisory);
    }

    @Test
    void shouldGiveUnknownLockToTheOnlyToolWhenItsSessionIsTheOnlyHolder() {
        var detector = new RunningMigrationDetector(Map.of(), Map.of(1L, KNEX));

        assertThat(detector.detect(List.of(session(10, "idle", "SELECT 1", List.of(99L), true))))
                .extracting(RunningMigration::tool).containsExactly(MigrationTools.KNEX);
    }

    @Test
    void shouldIgnoreUnknownLockWhenSeveralToolsCouldOwnIt() {
        var detector = new RunningMigrationDetector(Map.of(), Map.of(1L, KNEX, 2L, SQITCH));

        assertThat(detector.detect(List.of(session(10, "idle", "SELECT 1", List.of(99L), true)))).isEmpty();
    }

    @Test
    void shouldPreferTheExactKeyOverTheHeuristic() {
        var detector = new RunningMigrationDetector(Map.of(99L, MigrationTools.PRISMA), Map.of(1L, KNEX));

        assertThat(detector.detect(List.of(session(10, "active", "SELECT * FROM knex_migrations", List.of(99L), true))))
                .extracting(RunningMigration::tool, RunningMigration::source)
                .containsExactly(tuple(MigrationTools.PRISMA,
                        RunningMigration.Source.ADVISORY_LOCK));
    }

    @Test
    void shouldAttributeDdlToGenericallyNamedTableOnlyWhenSchemaQualified() {
        var detector = new RunningMigrationDetector(Map.of(), Map.of(2L, SQITCH));

        List<RunningMigration> running = detector.detect(List.of(
                session(10, "active", "ALTER TABLE \"sqitch\".events ADD COLUMN x int", List.of(), false),
                session(11, "active", "ALTER TABLE events ADD COLUMN x int", List.of(), false)));

        assertThat(running).extracting(RunningMigration::tool).containsExactly(MigrationTools.SQITCH, null);
        assertThat(running).extracting(RunningMigration::source).containsOnly(RunningMigration.Source.DDL_ACTIVITY);
    }

    @Test
    void shouldIgnoreIdleSessionWhoseLastStatementWasDdl() {
        var detector = new RunningMigrationDetector(Map.of(), Map.of(1L, KNEX));

        assertThat(detector.detect(List.of(session(10, "idle", "ALTER TABLE knex_migrations ADD x int", List.of(), false))))
                .isEmpty();
    }
}
