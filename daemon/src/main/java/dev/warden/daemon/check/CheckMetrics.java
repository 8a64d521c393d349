package dev.warden.daemon.check;

import dev.warden.checks.CheckResult;
import dev.warden.checks.CheckStatus;
import dev.warden.checks.builtin.CorruptionCheck;
import dev.warden.checks.builtin.LockWaitsCheck;
import dev.warden.checks.builtin.MigrationDurationCheck;
import dev.warden.checks.builtin.RowCountDriftCheck;
import dev.warden.config.DecisionRule;
import dev.warden.daemon.metrics.WardenMetrics;
import dev.warden.rollback.decision.Decision;
import dev.warden.rollback.decision.DecisionOutcome;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** What checks and decisions teach, kept as values so that a scrape only formats them. */
public final class CheckMetrics {
    private final Counter runs;
    private final Histogram duration;
    private final Gauge status;
    private final Gauge lockWait;
    private final Gauge blocked;
    private final Gauge driftRatio;
    private final Counter corruptionErrors;
    private final Counter decisions;
    private final Counter outcomes;
    private final Counter skipped;
    private final WardenMetrics metrics;
    /** Per target, each running migration's [tool, migration] and its start (Unix seconds), as last seen. */
    private final Map<String, Map<List<String>, Double>> migrationsRunning = new ConcurrentHashMap<>();

    public CheckMetrics(WardenMetrics metrics, Clock clock) {
        this.metrics = metrics;
        PrometheusRegistry registry = metrics.registry();
        skipped = metrics.skippedCounter();
        runs = Counter.builder().withoutExemplars()
                .name("warden_check_runs_total").help("Check runs by result (ok, breach, inconclusive).")
                .labelNames("target", "check", "result").register(registry);
        duration = Histogram.builder().withoutExemplars()
                .name("warden_check_duration_seconds").help("How long one check run took.")
                .labelNames("target", "check").classicOnly()
                .classicUpperBounds(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60).register(registry);
        status = Gauge.builder().withoutExemplars().name("warden_check_status")
                .help("The last result of each check: 0 ok, 1 breach, 2 inconclusive.")
                .labelNames("target", "check").register(registry);
        lockWait = Gauge.builder().withoutExemplars()
                .name("warden_lock_wait_seconds").help("The longest current lock wait on the target.")
                .labelNames("target").register(registry);
        blocked = Gauge.builder().withoutExemplars()
                .name("warden_blocked_sessions").help("Sessions waiting for a lock on the target.")
                .labelNames("target").register(registry);
        driftRatio = Gauge.builder().withoutExemplars().name("warden_row_count_drift_ratio")
                .help("Relative change of a critical table's rows against the baseline (-0.4 is 40% fewer).")
                .labelNames("target", "schemaname", "relname").register(registry);
        corruptionErrors = Counter.builder().withoutExemplars().name("warden_corruption_errors_total")
                .help("Corrupt relations and new checksum failures found by the corruption check.")
                .labelNames("target").register(registry);
        decisions = Counter.builder().withoutExemplars()
                .name("warden_decisions_total").help("Decisions made by the decision matrix.")
                .labelNames("target", "issue", "severity", "strategy", "mode").register(registry);
        outcomes = Counter.builder().withoutExemplars().name("warden_decision_outcomes_total")
                .help("What became of the decisions: acting, awaiting_approval, dry_run, frozen, not_acted.")
                .labelNames("target", "outcome").register(registry);
        GaugeWithCallback.builder().name("warden_migration_running_seconds")
                .help("How long each migration the migration_duration check last saw running has been running.")
                .labelNames("target", "tool", "migration")
                .callback(cb -> migrationsRunning.forEach((target, running) -> running.forEach((labels, since) ->
                        cb.call(Math.max(0, clock.millis() / 1000.0 - since), target, labels.get(0), labels.get(1)))))
                .register(registry);
    }

    /**
     * Starts a target's counters at 0 for every series known in advance (its checks' skips, its
     * corruption errors, a decision for each rule of the matrix), so that the first event is an
     * increase that PromQL's increase() and rate() can see, not the birth of a series.
     */
    public void watch(String target, List<String> checks, List<DecisionRule> matrix) {
        corruptionErrors.labelValues(target);
        checks.forEach(check -> skipped.labelValues(target, check));
        skipped.labelValues(target, "snapshot");
        matrix.forEach(rule -> decisions.labelValues(target, name(rule.issue()), name(rule.severity()),
                name(rule.strategy()), name(rule.mode())));
        for (DecisionOutcome.Kind kind : DecisionOutcome.Kind.values()) {
            if (kind != DecisionOutcome.Kind.PENDING) {
                outcomes.labelValues(target, kind.label());
            }
        }
    }

    public void record(String target, CheckResult result, Duration took) {
        runs.labelValues(target, result.check(), result.status().name().toLowerCase()).inc();
        duration.labelValues(target, result.check()).observe(took.toNanos() / 1e9);
        status.labelValues(target, result.check()).set(result.status().ordinal());
        Map<String, Double> measured = result.measurements();
        measured.forEach((key, value) -> {
            if (key.equals(LockWaitsCheck.LOCK_WAIT_SECONDS)) {
                lockWait.labelValues(target).set(value);
            } else if (key.equals(LockWaitsCheck.BLOCKED_SESSIONS)) {
                blocked.labelValues(target).set(value);
            } else if (key.equals(CorruptionCheck.CORRUPTION_ERRORS)) {
                corruptionErrors.labelValues(target).inc(value);
            } else if (key.equals(MigrationDurationCheck.MIGRATION_FAILED) && result.check().equals(MigrationDurationCheck.NAME)) {
                metrics.migrationFailed(target, MigrationDurationCheck.NAME, value > 0);
            } else if (key.startsWith(RowCountDriftCheck.DRIFT_RATIO)) {
                String[] table = key.substring(RowCountDriftCheck.DRIFT_RATIO.length()).split("\\.", 2);
                driftRatio.labelValues(target, table[0], table[1]).set(value);
            }
        });
        if (result.check().equals(MigrationDurationCheck.NAME) && result.status() != CheckStatus.INCONCLUSIVE) {
            migrationsRunning.put(target, migrationsRunning(measured));
        }
    }

    /** A run that could not look keeps what the last one saw; one that did replaces it, ended migrations gone. */
    private static Map<List<String>, Double> migrationsRunning(Map<String, Double> measured) {
        Map<List<String>, Double> running = new HashMap<>();
        measured.forEach((key, since) -> {
            if (key.startsWith(MigrationDurationCheck.RUNNING_SINCE)) {
                String[] labels = key.substring(MigrationDurationCheck.RUNNING_SINCE.length()).split("\\.", 2);
                running.put(List.of(labels[0], labels[1]), since);
            }
        });
        return Map.copyOf(running);
    }

    public void decided(Decision d) {
        decisions.labelValues(d.target(), name(d.issue()), name(d.severity()), name(d.strategy()), name(d.mode())).inc();
    }

    /** What became of a decision, by outcome: the same words as the API, the alert and the log. */
    public void settled(Decision d, DecisionOutcome outcome) {
        outcomes.labelValues(d.target(), outcome.kind().label()).inc();
    }

    private static String name(Enum<?> value) {
        return value.name().toLowerCase();
    }
}
