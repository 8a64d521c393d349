package dev.warden.checks.builtin;

import dev.warden.checks.CheckContext;
import dev.warden.checks.CheckResult;
import dev.warden.checks.migrations.MigrationHistory;
import dev.warden.checks.migrations.MigrationRecord;
import dev.warden.checks.migrations.RunningMigration;
import dev.warden.checks.schema.SchemaFilter;
import dev.warden.config.IssueType;
import dev.warden.config.MigrationDurationConfig;
import dev.warden.config.Severity;
import io.vertx.core.Future;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code migration_duration}: a migration running (advisory lock, lock table, unfinished history row
 * or DDL activity) beyond the warning limit is a MEDIUM, beyond the critical limit a CRITICAL
 * PERFORMANCE_DEGRADATION (it holds locks the application waits for); a failed or dirty migration is a
 * SCHEMA_MISMATCH, HIGH, and so is a migrating session that ended without a history row and left the schema
 * changed (see {@link UnrecordedFailures}). When both hold, the more severe is the result and the evidence has both.
 * Running time is the context clock's now minus the session's transaction start, as the server reported it.
 */
public final class MigrationDurationCheck extends BuiltInCheck {
    public static final String NAME = "migration_duration";
    /** Measurement key prefix of a running migration's start time; the rest is {@code tool.migration}. */
    public static final String RUNNING_SINCE = "running_since:";
    /** Measurement: 1 when a failed or dirty migration stands (a history row, or one seen failing unrecorded), else 0. */
    public static final String MIGRATION_FAILED = "migration_failed";

    private final MigrationDurationConfig config;
    /** Empty when run once: an unrecorded failure shows across cycles (a migration seen, then gone). */
    private final Optional<UnrecordedFailures> unrecorded;

    public MigrationDurationCheck(MigrationDurationConfig config) {
        this(config, Repetition.CYCLES);
    }

    public MigrationDurationCheck(MigrationDurationConfig config, Repetition repetition) {
        super(NAME);
        this.config = config;
        this.unrecorded = repetition == Repetition.CYCLES ? Optional.of(new UnrecordedFailures(SchemaFilter.all()))
                : Optional.empty();
    }

    @Override
    public Future<CheckResult> run(CheckContext context) {
        return Histories.current(context).compose(history -> unrecorded
                .map(watch -> watch.observe(context.pool(), history, context.now()))
                .orElse(Future.succeededFuture(List.of()))
                .map(failures -> judge(context, history, failures)));
    }

    private CheckResult judge(CheckContext context, MigrationHistory history, List<UnrecordedFailures.Failure> unrecordedFailures) {
        Instant now = context.now();
        Optional<RunningMigration> longest = history.running().stream().filter(r -> r.startedAt() != null)
                .max(Comparator.comparing(r -> Duration.between(r.startedAt(), now)));
        Duration runningFor = longest.map(r -> Duration.between(r.startedAt(), now)).orElse(Duration.ZERO);
        List<MigrationRecord> failed = history.failed();
        Map<String, Object> evidence = Evidence.of(
                "running", history.running().stream().map(r -> running(history, r, now)).toList(),
                "longest_running_seconds", longest.isPresent() ? Evidence.seconds(runningFor) : null,
                "failed", failed.stream().map(MigrationDurationCheck::failed).toList(),
                "failed_unrecorded", unrecordedFailures.stream().map(UnrecordedFailures.Failure::evidence).toList(),
                "migration_in_progress", history.migrationInProgress(),
                "warn_after_seconds", Evidence.seconds(config.warnAfter()),
                "critical_after_seconds", Evidence.seconds(config.criticalAfter()));
        List<CheckResult> breaches = new ArrayList<>();
        String running = longest.map(r -> "a migration (" + describe(r) + ") has run for "
                + Evidence.seconds(runningFor) + " s").orElse("");
        if (runningFor.compareTo(config.criticalAfter()) >= 0) {
            breaches.add(CheckResult.breach(NAME, now, IssueType.PERFORMANCE_DEGRADATION, Severity.CRITICAL,
                    running + ", beyond the critical limit of " + Evidence.seconds(config.criticalAfter()) + " s",
                    evidence));
        } else if (runningFor.compareTo(config.warnAfter()) >= 0) {
            breaches.add(CheckResult.breach(NAME, now, IssueType.PERFORMANCE_DEGRADATION, Severity.MEDIUM,
                    running + ", beyond the warning limit of " + Evidence.seconds(config.warnAfter()) + " s", evidence));
        }
        if (!failed.isEmpty()) {
            MigrationRecord first = failed.get(0);
            breaches.add(CheckResult.breach(NAME, now, IssueType.SCHEMA_MISMATCH, Severity.HIGH,
                    first.tool() + " migration " + first.version() + " (" + first.name() + ") in " + first.schema()
                            + " is " + first.state().name().toLowerCase() + (failed.size() > 1 ? " (and "
                            + (failed.size() - 1) + " more)" : ""), evidence));
        } else if (!unrecordedFailures.isEmpty()) {
            UnrecordedFailures.Failure first = unrecordedFailures.get(0);
            breaches.add(CheckResult.breach(NAME, now, IssueType.SCHEMA_MISMATCH, Severity.HIGH,
                    first.describe() + " failed: it ended without a history row and left " + first.changes().size()
                            + " schema changes (" + first.changes().get(0) + ")" + (unrecordedFailures.size() > 1
                            ? " (and " + (unrecordedFailures.size() - 1) + " more)" : ""), evidence));
        }
        return breaches.stream().max(Comparator.comparing(CheckResult::severity))
                .orElseGet(() -> CheckResult.ok(NAME, now, longest.isPresent() ? running + ", within limits"
                        : "no migration running, none failed", evidence))
                .withMeasurements(measurements(history, !failed.isEmpty() || !unrecordedFailures.isEmpty()));
    }

    private static Map<String, Double> measurements(MigrationHistory history, boolean anyFailed) {
        Map<String, Double> measured = startTimes(history);
        measured.put(MIGRATION_FAILED, anyFailed ? 1.0 : 0.0);
        return measured;
    }

    /** Each running migration's start (Unix seconds), keyed {@code RUNNING_SINCE + tool + "." + migration}. */
    private static Map<String, Double> startTimes(MigrationHistory history) {
        Map<String, Double> since = new LinkedHashMap<>();
        history.running().stream().filter(r -> r.startedAt() != null).forEach(r -> since.merge(
                RUNNING_SINCE + (r.tool() == null ? "unknown" : r.tool()) + "." + history.migrationOf(r),
                r.startedAt().toEpochMilli() / 1000.0, Math::min));
        return since;
    }

    private static String describe(RunningMigration migration) {
        String who = migration.tool() != null ? migration.tool() : "DDL";
        return who + (migration.pid() != null ? ", pid " + migration.pid() : "");
    }

    private static Map<String, Object> running(MigrationHistory history, RunningMigration r, Instant now) {
        return Evidence.of("tool", r.tool(), "migration", history.migrationOf(r), "pid", r.pid(),
                "source", r.source().name(),
                "started_at", r.startedAt() == null ? null : r.startedAt().toString(),
                "running_seconds", r.startedAt() == null ? null : Evidence.seconds(Duration.between(r.startedAt(), now)),
                "statement", r.statementPreview(), "waiting", r.waiting());
    }

    private static Map<String, Object> failed(MigrationRecord r) {
        return Evidence.of("tool", r.tool(), "schema", r.schema(), "version", r.version(), "name", r.name(),
                "state", r.state().name(), "applied_at", r.appliedAt() == null ? null : r.appliedAt().toString());
    }
}
