package dev.warden.checks.builtin;

import static dev.warden.checks.builtin.TargetConfigs.target;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.warden.checks.ScheduledCheck;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class BuiltInChecksTest {

    @Test
    void shouldScheduleTheDatabaseChecksByDefaultAndNothingWithoutSomethingToWatch() {
        List<ScheduledCheck> checks = BuiltInChecks.forTarget(target("{name: a, url: 'postgres://h/a'}"));

        assertThat(checks).extracting(c -> c.check().name(), ScheduledCheck::interval).containsExactly(
                tuple(LockWaitsCheck.NAME, Duration.ofSeconds(30)),
                tuple(MigrationDurationCheck.NAME, Duration.ofSeconds(30)),
                tuple(SchemaDriftCheck.NAME, Duration.ofSeconds(30)),
                tuple(CorruptionCheck.NAME, Duration.ofHours(1)),
                tuple(InvalidIndexesCheck.NAME, Duration.ofMinutes(1)),
                tuple(NotValidConstraintsCheck.NAME, Duration.ofMinutes(1)),
                tuple(LaggingSequencesCheck.NAME, Duration.ofMinutes(5)));
    }

    @Test
    void shouldFollowTheTargetsChecksSection() {
        List<ScheduledCheck> checks = BuiltInChecks.forTarget(target("""
                name: a
                url: postgres://h/a
                critical_tables: [orders]
                checks:
                  corruption: {enabled: false}
                  invalid_indexes: {enabled: false}
                  not_valid_constraints: {enabled: false}
                  lagging_sequences: {enabled: false}
                  lock_waits: {schedule: 10s, timeout: 5s}
                  canary_queries:
                    queries: [{name: q, sql: "SELECT 1"}]
                  http_health:
                    enabled: false
                    endpoints: [{name: api, url: "http://127.0.0.1:8080/health"}]
                """));

        assertThat(checks).extracting(c -> c.check().name()).containsExactly(RowCountDriftCheck.NAME,
                LockWaitsCheck.NAME, MigrationDurationCheck.NAME, SchemaDriftCheck.NAME, CanaryQueriesCheck.NAME);
        assertThat(checks.get(1)).returns(Duration.ofSeconds(10), ScheduledCheck::interval)
                .returns(Duration.ofSeconds(5), ScheduledCheck::timeout);
    }
}
