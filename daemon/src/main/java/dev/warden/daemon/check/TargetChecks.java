package dev.warden.daemon.check;

import dev.warden.checks.Baseline;
import dev.warden.checks.CheckContext;
import dev.warden.checks.CheckResult;
import dev.warden.checks.CheckRunner;
import dev.warden.checks.CheckStatus;
import dev.warden.checks.RowCountExpectation;
import dev.warden.checks.ScheduledCheck;
import dev.warden.checks.activity.ActivitySource;
import dev.warden.checks.builtin.BuiltInChecks;
import dev.warden.checks.builtin.Repetition;
import dev.warden.config.TargetConfig;
import dev.warden.daemon.metrics.WardenMetrics;
import dev.warden.daemon.schedule.WardenScheduler;
import dev.warden.daemon.snapshot.SnapshotService;
import dev.warden.daemon.state.StateStore;
import dev.warden.postgres.Failures;
import dev.warden.rollback.intervention.BlockingDdlCanceller;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One target's checks, each on its own interval. A run that is still going when its next turn
 * comes makes that turn a counted skip: Warden never piles queries on a struggling target. What
 * Warden imposes on a result (cancelling DDL that blocks others, when configured) happens before
 * anyone sees it.
 */
public final class TargetChecks {
    private static final Logger log = LoggerFactory.getLogger(TargetChecks.class);

    private final Vertx vertx;
    private final TargetConfig target;
    private final Pool pool;
    private final SnapshotService snapshots;
    private final ResultListener listener;
    private final WardenMetrics metrics;
    private final Clock clock;
    private final List<ScheduledCheck> checks;
    private final ActivitySource activity;
    private final Set<String> running = ConcurrentHashMap.newKeySet();
    private final Map<String, CheckResult> latest = new ConcurrentHashMap<>();
    private volatile List<RowCountExpectation> expectations = List.of();
    private volatile boolean watching = true;

    /** {@code state} keeps the target's incremental schema fingerprint between runs and processes. */
    public TargetChecks(Vertx vertx, TargetConfig target, Pool pool, StateStore state, SnapshotService snapshots,
                        ResultListener listener, WardenMetrics metrics, Clock clock) {
        this(vertx, target, pool, state, snapshots, listener, metrics, clock, Repetition.CYCLES, ActivitySource.direct());
    }

    /**
     * With {@link Repetition#ONCE}, for {@code warden check --once}: nothing is prepared for later cycles.
     * {@code activity}: the reading of the server's sessions and locks this target shares with others on its server.
     */
    public TargetChecks(Vertx vertx, TargetConfig target, Pool pool, StateStore state, SnapshotService snapshots,
                        ResultListener listener, WardenMetrics metrics, Clock clock, Repetition repetition,
                        ActivitySource activity) {
        this.vertx = vertx;
        this.activity = activity;
        this.target = target;
        this.pool = pool;
        this.snapshots = snapshots;
        this.listener = listener;
        this.metrics = metrics;
        this.clock = clock;
        this.checks = BuiltInChecks.forTarget(target, new StoredFingerprint(state, target.name()), repetition);
        snapshots.onNewBaseline(this::baselineTaken);
    }

    /**
     * A new baseline: the checks whose last run could not tell (schema_drift before the first snapshot has
     * no expected schema) run again now, not at their next firing, a cycle of paging later.
     */
    private void baselineTaken() {
        if (!watching) {
            return;
        }
        for (ScheduledCheck check : checks) {
            CheckResult last = latest.get(check.check().name());
            if (last != null && last.status() == CheckStatus.INCONCLUSIVE) {
                vertx.runOnContext(v -> runScheduled(check));
            }
        }
    }

    public void schedule(WardenScheduler scheduler) {
        watching = true;
        for (ScheduledCheck check : checks) {
            scheduler.every(jobName(check), check.interval(), () -> vertx.runOnContext(v -> runScheduled(check)));
        }
    }

    /** Takes this target's checks off the schedule (a cluster node lost the target); a run under way ends unjudged. */
    public void unschedule(WardenScheduler scheduler) {
        stopWatching();
        checks.forEach(check -> scheduler.cancel(jobName(check)));
    }

    /**
     * From now on, what a run finds reaches no listener: Warden is about to close the pool under it (it
     * stops, or another node takes the target), and a check that fails because of that says nothing of
     * the target. Judged, it would page "could not tell" at every restart and every hand-over. A breach
     * found in that moment is found again by whoever watches the target next.
     */
    public void stopWatching() {
        watching = false;
    }

    private String jobName(ScheduledCheck check) {
        return "check-" + target.name() + "-" + check.check().name();
    }

    /** Every check once, side by side; what {@code warden check --once} and tests use. */
    public Future<List<CheckResult>> runAll() {
        List<Future<CheckResult>> runs = checks.stream().map(this::run).toList();
        return Future.all(runs).map(all -> runs.stream().map(Future::result).toList());
    }

    /**
     * Runs the check named {@code name} once more, apart from the schedule: its result goes to the
     * caller (a rollback's verification), not to the judge, so it can never start a decision.
     */
    public Future<CheckResult> recheck(String name) {
        return checks.stream().filter(check -> check.check().name().equals(name)).findFirst()
                .map(check -> CheckRunner.run(check.check(), context(), check.timeout()).compose(this::intervene))
                .orElseGet(() -> Future.succeededFuture(CheckResult.inconclusive(name, clock.instant(),
                        "the check is not enabled on target " + target.name())));
    }

    /**
     * Declares intended row-count changes, in force from now until replaced (a migration's window); an
     * empty list lifts them. The row-count check honours them and records that it did.
     */
    public void expect(List<RowCountExpectation> declared) {
        expectations = List.copyOf(declared);
    }

    /** The names of the checks enabled on this target. */
    public List<String> names() {
        return checks.stream().map(check -> check.check().name()).toList();
    }

    /** The last result of each check, for the API. */
    public Map<String, CheckResult> latest() {
        return Map.copyOf(latest);
    }

    /** The target's pool (at most 2 connections), for work that belongs with its checks. */
    public Pool pool() {
        return pool;
    }

    public TargetConfig target() {
        return target;
    }

    private void runScheduled(ScheduledCheck check) {
        if (running.contains(check.check().name())) {
            metrics.checkSkipped(target.name(), check.check().name());
            return;
        }
        run(check);
    }

    private Future<CheckResult> run(ScheduledCheck check) {
        String name = check.check().name();
        running.add(name);
        long started = System.nanoTime();
        return CheckRunner.run(check.check(), context(), check.timeout())
                .compose(this::intervene)
                .onSuccess(result -> {
                    if (!watching) {
                        log.debug("{} on {}: {} after Warden stopped watching the target; not judged", name,
                                target.name(), result.status().name().toLowerCase());
                        return;
                    }
                    latest.put(name, result);
                    listener.accept(target.name(), result, Duration.ofNanos(System.nanoTime() - started));
                })
                .eventually(() -> {
                    running.remove(name);
                    return Future.succeededFuture();
                });
    }

    /**
     * When {@code lock_waits.cancel_blocking_ddl_after} is set, a result goes through the canceller
     * (which amends only lock_waits results); should that fail, the check's own result stands.
     */
    private Future<CheckResult> intervene(CheckResult result) {
        return target.checks().lockWaits().cancelBlockingDdlAfter()
                .map(limit -> Future.succeededFuture(result)
                        .compose(checked -> BlockingDdlCanceller.relieve(pool, checked, limit))
                        .recover(failure -> {
                            log.warn("target {}: could not cancel blocking DDL: {}", target.name(),
                                    Failures.describe(failure));
                            return Future.succeededFuture(result);
                        }))
                .orElseGet(() -> Future.succeededFuture(result));
    }

    private CheckContext context() {
        return new CheckContext(target.name(), pool, vertx, clock, baseline(), activity);
    }

    /**
     * The newest clean snapshot is the reference: its row counts, and its schema as the expected one. A
     * snapshot taken during an incident never is, so a breach cannot resolve itself by being snapshotted.
     */
    private Baseline baseline() {
        return snapshots.latest().map(snapshot -> Baseline.none()
                        .withSnapshotRowCounts(snapshot.rows())
                        .withExpectedSchema(snapshot.schema()))
                .orElse(Baseline.none()).withExpectations(expectations);
    }
}
