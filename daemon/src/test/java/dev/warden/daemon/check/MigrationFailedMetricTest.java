package dev.warden.daemon.check;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warden.checks.CheckResult;
import dev.warden.checks.builtin.MigrationDurationCheck;
import dev.warden.config.IssueType;
import dev.warden.config.Severity;
import dev.warden.daemon.metrics.WardenMetrics;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** warden_migration_failed follows the migration_duration check, a failure with no history row included. */
class MigrationFailedMetricTest {
    private final WardenMetrics metrics = new WardenMetrics("test");
    private final CheckMetrics checks = new CheckMetrics(metrics, Clock.systemUTC());

    @Test
    void shouldBeOneWhileTheCheckSaysAMigrationFailedAndZeroOnceItNoLongerDoes() {
        checks.record("shop", result(1.0), Duration.ofMillis(5));
        assertThat(scrape()).contains("warden_migration_failed{target=\"shop\"} 1.0");

        checks.record("shop", result(0.0), Duration.ofMillis(5));
        assertThat(scrape()).contains("warden_migration_failed{target=\"shop\"} 0.0");
    }

    @Test
    void shouldStayOneWhileTheHistoryStillShowsAFailureTheCheckNoLongerReports() {
        metrics.migrationFailed("shop", "snapshot", true);
        checks.record("shop", result(0.0), Duration.ofMillis(5));

        assertThat(scrape()).contains("warden_migration_failed{target=\"shop\"} 1.0");
    }

    private static CheckResult result(double failed) {
        CheckResult result = failed > 0
                ? CheckResult.breach(MigrationDurationCheck.NAME, Instant.now(), IssueType.SCHEMA_MISMATCH, Severity.HIGH,
                "flyway migration after version 1 failed", Map.of())
                : CheckResult.ok(MigrationDurationCheck.NAME, Instant.now(), "no migration running, none failed", Map.of());
        return result.withMeasurements(Map.of(MigrationDurationCheck.MIGRATION_FAILED, failed));
    }

    private String scrape() {
        return new String(metrics.scrape(), StandardCharsets.UTF_8);
    }
}
