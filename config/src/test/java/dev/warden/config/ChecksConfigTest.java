package dev.warden.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.MissingNode;
import dev.warden.config.schema.Context;
import dev.warden.config.schema.Node;
import dev.warden.config.schema.Problem;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class ChecksConfigTest {
    private static final Map<String, String> NO_ENV = Map.of();

    @Test
    void shouldEnableTheDatabaseChecksWithTheirDefaultThresholds() {
        ChecksConfig checks = ConfigLoader.parse("targets: [{name: a, url: 'postgres://h/a'}]", "f", NO_ENV)
                .targets().get(0).checks();

        CheckSchedule every30s = new CheckSchedule(true, Duration.ofSeconds(30), Duration.ofSeconds(20));
        assertThat(checks.rowCountDrift()).isEqualTo(new RowCountDriftConfig(every30s, 20, OptionalLong.empty()));
        assertThat(checks.lockWaits()).isEqualTo(new LockWaitsConfig(every30s, Duration.ofSeconds(5),
                Duration.ofSeconds(30), Optional.empty()));
        assertThat(checks.migrationDuration()).isEqualTo(new MigrationDurationConfig(every30s, Duration.ofMinutes(10),
                Duration.ofMinutes(30)));
        assertThat(checks.schemaDrift().schedule()).isEqualTo(every30s);
        assertThat(checks.corruption()).isEqualTo(new CorruptionConfig(
                new CheckSchedule(true, Duration.ofHours(1), Duration.ofMinutes(1)), Duration.ofSeconds(10)));
        assertThat(checks.canaryQueries().schedule().enabled()).isFalse();
        assertThat(checks.canaryQueries().queries()).isEmpty();
        assertThat(checks.httpHealth().schedule().enabled()).isFalse();
        assertThat(checks).isEqualTo(declaredDefaults());
    }

    @Test
    void shouldReadThresholdsCanariesAndEndpoints() {
        ChecksConfig checks = ConfigLoader.parse("""
                targets:
                  - name: a
                    url: postgres://h/a
                    checks:
                      row_count_drift: {max_drop_percent: 35, max_drop_rows: 1000}
                      lock_waits: {warn_after: 2s, critical_after: 10s, cancel_blocking_ddl_after: 1m}
                      corruption: {enabled: false, schedule: 6h}
                      canary_queries:
                        queries:
                          - {name: open-orders, sql: "SELECT count(*) FROM orders", expected_value: "42"}
                          - {name: users, sql: "SELECT id FROM users LIMIT 3", expected_rows: 3, latency_budget: 250ms}
                      http_health:
                        schedule: 10s
                        timeout: 10s
                        endpoints:
                          - {name: api, url: "http://127.0.0.1:8080/health"}
                """, "f", NO_ENV).targets().get(0).checks();

        assertThat(checks.rowCountDrift().maxDropPercent()).isEqualTo(35);
        assertThat(checks.rowCountDrift().maxDropRows()).hasValue(1000);
        assertThat(checks.lockWaits().cancelBlockingDdlAfter()).hasValue(Duration.ofMinutes(1));
        assertThat(checks.corruption().schedule()).isEqualTo(new CheckSchedule(false, Duration.ofHours(6),
                Duration.ofMinutes(1)));
        assertThat(checks.canaryQueries().schedule().enabled()).isTrue();
        assertThat(checks.canaryQueries().queries()).containsExactly(
                new CanaryQuery("open-orders", "SELECT count(*) FROM orders", OptionalLong.empty(), Optional.of("42"),
                        Duration.ofSeconds(1)),
                new CanaryQuery("users", "SELECT id FROM users LIMIT 3", OptionalLong.of(3), Optional.empty(),
                        Duration.ofMillis(250)));
        assertThat(checks.httpHealth().schedule()).isEqualTo(new CheckSchedule(true, Duration.ofSeconds(10),
                Duration.ofSeconds(10)));
        assertThat(checks.httpHealth().endpoints()).containsExactly(new HttpEndpoint("api",
                URI.create("http://127.0.0.1:8080/health"), 200, Duration.ofSeconds(1), Duration.ofSeconds(5)));
    }

    @Test
    void shouldRunThePostMigrationValidationsByDefaultAndReadTheirBounds() {
        ChecksConfig defaults = ConfigLoader.parse("targets: [{name: a, url: 'postgres://h/a'}]", "f", NO_ENV)
                .targets().get(0).checks();
        ChecksConfig tuned = ConfigLoader.parse("""
                targets:
                  - name: a
                    url: postgres://h/a
                    checks:
                      invalid_indexes: {enabled: false}
                      lagging_sequences: {schedule: 1h, max_sequences: 20, query_timeout: 250ms}
                """, "f", NO_ENV).targets().get(0).checks();

        CheckSchedule everyMinute = new CheckSchedule(true, Duration.ofMinutes(1), Duration.ofSeconds(20));
        assertThat(defaults.invalidIndexes()).isEqualTo(new InvalidIndexesConfig(everyMinute));
        assertThat(defaults.notValidConstraints()).isEqualTo(new NotValidConstraintsConfig(everyMinute));
        assertThat(defaults.laggingSequences()).isEqualTo(new LaggingSequencesConfig(
                new CheckSchedule(true, Duration.ofMinutes(5), Duration.ofMinutes(1)), 100, Duration.ofSeconds(1)));
        assertThat(tuned.invalidIndexes().schedule().enabled()).isFalse();
        assertThat(tuned.laggingSequences()).isEqualTo(new LaggingSequencesConfig(
                new CheckSchedule(true, Duration.ofHours(1), Duration.ofMinutes(1)), 20, Duration.ofMillis(250)));
        assertThatThrownBy(() -> ConfigLoader.parse("""
                targets:
                  - {name: a, url: 'postgres://h/a', checks: {lagging_sequences: {timeout: 1s, query_timeout: 2s}}}
                """, "warden.yaml", NO_ENV)).isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems())
                .extracting(Problem::toString).containsExactly(
                        "targets[0].checks.lagging_sequences.query_timeout: expected at most timeout (1s), found 2s"));
    }

    @Test
    void shouldNameEveryBadCheckSettingWithItsFullPath() {
        String yaml = """
                targets:
                  - name: a
                    url: postgres://h/a
                    checks:
                      row_count_drift: {max_drop_percent: 0}
                      lock_waits: {warn_after: 1m, critical_after: 30s}
                      schema_drift: {schedule: 10s, timeout: 1m}
                      corruption: {time_budget: 5m}
                      migration_durations: {}
                      canary_queries:
                        queries:
                          - {name: q, sql: "SELECT 1", expected_rows: 1, expected_value: "1"}
                          - {name: q, sql: "SELECT 2"}
                          - {name: r}
                      http_health:
                        endpoints:
                          - {name: api, url: "ftp://files.internal/health"}
                """;

        assertThatThrownBy(() -> ConfigLoader.parse(yaml, "warden.yaml", NO_ENV))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems())
                        .extracting(Problem::toString).containsExactlyInAnyOrder(
                                "targets[0].checks.row_count_drift.max_drop_percent: expected an integer from 1 to 100,"
                                        + " found 0",
                                "targets[0].checks.lock_waits.warn_after: expected at most critical_after (30s),"
                                        + " found 1m",
                                "targets[0].checks.schema_drift.timeout: expected at most schedule (10s), found 1m",
                                "targets[0].checks.corruption.time_budget: expected at most timeout (1m), found 5m",
                                "targets[0].checks.migration_durations: unknown key, did you mean \"migration_duration\"?",
                                "targets[0].checks.canary_queries.queries[0].expected_value: expected either"
                                        + " expected_rows or expected_value, found both",
                                "targets[0].checks.canary_queries.queries[1].name: expected a unique name,"
                                        + " found \"q\" again",
                                "targets[0].checks.canary_queries.queries[2].sql: required, expected a string",
                                "targets[0].checks.http_health.endpoints[0].url: expected an http:// or https:// URL"
                                        + " such as http://127.0.0.1:8080/health, found \"ftp://files.internal/health\""));
    }

    @Test
    void shouldLetDefaultsGiveWayToWhatTheUserSet() {
        ChecksConfig checks = ConfigLoader.parse("""
                targets:
                  - name: a
                    url: postgres://h/a
                    checks:
                      schema_drift: {schedule: 10s}
                      row_count_drift: {schedule: 1s}
                      corruption: {schedule: 6s}
                      lagging_sequences: {schedule: 1s}
                      lock_waits: {critical_after: 2s}
                      migration_duration: {critical_after: 5m}
                      http_health:
                        endpoints:
                          - {name: api, url: "http://127.0.0.1:8080/health", timeout: 200ms}
                """, "f", NO_ENV).targets().get(0).checks();

        assertThat(checks.schemaDrift().schedule().timeout()).as("two thirds of 10s, below the 20s default")
                .isEqualTo(Duration.ofMillis(6666));
        assertThat(checks.rowCountDrift().schedule().timeout()).isEqualTo(Duration.ofMillis(666));
        assertThat(checks.corruption().schedule().timeout()).isEqualTo(Duration.ofSeconds(4));
        assertThat(checks.corruption().timeBudget()).as("the 10s default gives way to the timeout")
                .isEqualTo(Duration.ofSeconds(4));
        assertThat(checks.laggingSequences().queryTimeout()).as("follows its own timeout, which follows the schedule")
                .isEqualTo(Duration.ofMillis(666));
        assertThat(checks.lockWaits().warnAfter()).isEqualTo(Duration.ofSeconds(2));
        assertThat(checks.migrationDuration().warnAfter()).isEqualTo(Duration.ofMinutes(5));
        assertThat(checks.httpHealth().endpoints().get(0).latencyBudget()).isEqualTo(Duration.ofMillis(200));
        assertThat(checks.invalidIndexes().schedule().timeout()).as("untouched checks keep their defaults")
                .isEqualTo(Duration.ofSeconds(20));
    }

    /** The checks as their keys declare them: the checks section read when it is absent, not through a target. */
    private static ChecksConfig declaredDefaults() {
        List<Problem> problems = new ArrayList<>();
        ChecksConfig declared = ChecksConfig.read(
                Node.root(MissingNode.getInstance(), ChecksConfig.SECTION, problems, new Context(NO_ENV)));
        assertThat(problems).as("the checks' defaults validate").isEmpty();
        return declared;
    }
}
