package dev.warden.daemon.drill;

import dev.warden.config.TargetConfig;
import dev.warden.postgres.Failures;
import dev.warden.rollback.backup.Backup;
import dev.warden.rollback.engine.RollbackExecutor;
import dev.warden.rollback.engine.RollbackOptions;
import dev.warden.rollback.engine.RollbackRequest;
import dev.warden.rollback.engine.RollbackStrategy;
import dev.warden.checks.schema.SchemaFilter;
import dev.warden.config.BackupKind;
import dev.warden.config.StrategyKind;
import dev.warden.daemon.rollback.StrategySettings;
import dev.warden.rollback.backup.CloneBackup;
import dev.warden.rollback.strategy.BranchSwapStrategy;
import dev.warden.rollback.strategy.DownMigrationStrategy;
import dev.warden.rollback.strategy.FullRollbackStrategy;
import dev.warden.rollback.strategy.ReadOnlyStrategy;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgConnectOptions;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * Runs one strategy on the scratch copy as if the copy were the target (a rollback request whose
 * database is the copy, restoring the copy's restore point), through the engine's own executor and
 * steps but with a {@link DrillJournal}, then checks that the copy is back as it was before the
 * migration and whether that fit the budget.
 */
final class RollbackOnCopy {
    static final String VERIFIED = "verified within budget";
    static final String MATCHES = "the copy's schema and critical tables' rows match the restore point";
    private final Vertx vertx;
    private final Clock clock;
    private final TargetConfig target;
    private final PgConnectOptions copy;
    private final Backup restorePoint;
    private final CopyFingerprint before;
    private final DrillJournal journal;
    private final RollbackExecutor executor;

    RollbackOnCopy(Vertx vertx, Clock clock, TargetConfig target, PgConnectOptions copy, Backup restorePoint,
                   CopyFingerprint before) {
        this.vertx = vertx;
        this.clock = clock;
        this.target = target;
        this.copy = copy;
        this.restorePoint = restorePoint;
        this.before = before;
        this.journal = new DrillJournal(clock);
        this.executor = new RollbackExecutor(vertx, clock, journal, strategies(vertx, clock, target),
                name -> new PgConnectOptions(copy));
    }

    /**
     * The strategies as the daemon runs them on the target, but for what must not leave the copy:
     * full_rollback without its code revert, and down_migration's pre-rollback backup always a clone
     * of the copy (dropped with it), whatever kind the target takes.
     */
    private static List<RollbackStrategy> strategies(Vertx vertx, Clock clock, TargetConfig target) {
        BranchSwapStrategy branchSwap = new BranchSwapStrategy(vertx);
        CloneBackup clone = new CloneBackup(vertx, clock, Duration.ofHours(1));
        return List.of(branchSwap,
                FullRollbackStrategy.databaseOnly(new ReadOnlyStrategy(vertx), branchSwap,
                        DrilledStrategy.FULL_ROLLBACK_OUTSIDE),
                new DownMigrationStrategy(vertx, name -> StrategySettings.downMigration(target, clone)));
    }

    static SchemaFilter filter(TargetConfig target) {
        return new SchemaFilter(target.snapshots().includeSchemas(), target.snapshots().excludeSchemas());
    }

    /** The strategy's result on the copy: its steps with their timings, its verification, its budget. */
    Future<JsonObject> run(DrilledStrategy strategy) {
        RollbackStrategy chosen = executor.strategy(strategy.kind()).orElseThrow();
        RollbackRequest request = RollbackRequest.of(target.name(), copy, null, restorePoint,
                RollbackOptions.defaults().withCriticalTables(target.criticalTables()), clock);
        JsonObject result = new JsonObject().put("strategy", strategy.name()).put("rules", strategy.rules())
                .put("drilled", true).put("budget_ms", strategy.budget().toMillis());
        if (strategy.outside() != null) {
            result.put("not_drilled_part", strategy.outside());
        }
        BackupKind kind = target.snapshots().backup();
        if (strategy.kind() == StrategyKind.DOWN_MIGRATION && kind != BackupKind.CLONE) {
            result.put("not_drilled_part", "its pre-rollback backup was a clone of the copy; on the target it is a "
                    + kind.name().toLowerCase(Locale.ROOT) + " backup, not timed here");
        }
        long started = clock.millis();
        return chosen.plan(request)
                .compose(plan -> executor.execute(plan).compose(outcome -> {
                    result.put("rollback_id", plan.id()).put("status", outcome.status().journalName())
                            .put("summary", outcome.summary()).put("evidence", new JsonArray(outcome.evidence()))
                            .put("steps", new JsonArray(journal.steps(plan.id())));
                    if (!outcome.succeeded()) {
                        return Future.succeededFuture(result.put("rolled_back", false)
                                .put("result", "the rollback " + outcome.status().journalName() + ": " + outcome.summary()));
                    }
                    return CopyFingerprint.take(vertx, copy, target.criticalTables(), filter(target)).map(after -> {
                        long took = clock.millis() - started;
                        List<String> differences = after.differencesFrom(before);
                        result.put("rolled_back", true).put("ms", took)
                                .put("verification", new JsonArray(differences.isEmpty()
                                        ? List.of(MATCHES)
                                        : differences));
                        String verdict = !differences.isEmpty() ? "not verified: " + String.join("; ", differences)
                                : took > strategy.budget().toMillis() ? "missed its budget: " + took + " ms, budget "
                                        + strategy.budget().toMillis() + " ms"
                                : VERIFIED;
                        return result.put("within_budget", took <= strategy.budget().toMillis()).put("result", verdict);
                    });
                }))
                .recover(e -> Future.succeededFuture(result.put("rolled_back", false)
                        .put("ms", Duration.ofMillis(clock.millis() - started).toMillis())
                        .put("result", "the rollback could not run: " + Failures.describe(e))));
    }
}
