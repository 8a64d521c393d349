package dev.warden.daemon.drill;

import dev.warden.config.TargetConfig;
import dev.warden.postgres.Failures;
import dev.warden.rollback.backup.Backup;
import dev.warden.rollback.engine.RollbackExecutor;
import dev.warden.rollback.engine.RollbackOptions;
import dev.warden.rollback.engine.RollbackRequest;
import dev.warden.rollback.engine.RollbackStrategy;
import dev.warden.rollback.strategy.BranchSwapStrategy;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgConnectOptions;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * Runs one strategy on the scratch copy as if the copy were the target (a rollback request whose
 * database is the copy, restoring the copy's restore point), through the engine's own executor and
 * steps but with a {@link DrillJournal}, then checks that the copy is back as it was before the
 * migration and whether that fit the budget.
 */
final class RollbackOnCopy {
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
        List<RollbackStrategy> strategies = List.of(new BranchSwapStrategy(vertx));
        this.executor = new RollbackExecutor(vertx, clock, journal, strategies, name -> new PgConnectOptions(copy));
    }

    /** The strategy's result on the copy: its steps with their timings, its verification, its budget. */
    Future<JsonObject> run(DrilledStrategy strategy) {
        RollbackStrategy chosen = executor.strategy(strategy.kind()).orElseThrow();
        RollbackRequest request = RollbackRequest.of(target.name(), copy, null, restorePoint,
                RollbackOptions.defaults().withCriticalTables(target.criticalTables()), clock);
        JsonObject result = new JsonObject().put("strategy", strategy.name()).put("rules", strategy.rules())
                .put("drilled", true).put("budget_ms", strategy.budget().toMillis());
        long started = clock.millis();
        return chosen.plan(request)
                .compose(plan -> executor.execute(plan).compose(outcome -> {
                    result.put("rollback_id", plan.id()).put("status", outcome.status().journalName())
                            .put("summary", outcome.summary())
                            .put("steps", new JsonArray(journal.steps(plan.id())));
                    if (!outcome.succeeded()) {
                        return Future.succeededFuture(result.put("rolled_back", false)
                                .put("result", "the rollback " + outcome.status().journalName() + ": " + outcome.summary()));
                    }
                    return CopyFingerprint.take(vertx, copy, target.criticalTables()).map(after -> {
                        long took = clock.millis() - started;
                        List<String> differences = after.differencesFrom(before);
                        result.put("rolled_back", true).put("ms", took)
                                .put("verification", new JsonArray(differences.isEmpty()
                                        ? List.of("the copy's columns and critical tables' rows match the restore point")
                                        : differences));
                        String verdict = !differences.isEmpty() ? "not verified: " + String.join("; ", differences)
                                : took > strategy.budget().toMillis() ? "missed its budget: " + took + " ms, budget "
                                        + strategy.budget().toMillis() + " ms"
                                : "verified within budget";
                        return result.put("within_budget", took <= strategy.budget().toMillis()).put("result", verdict);
                    });
                }))
                .recover(e -> Future.succeededFuture(result.put("rolled_back", false)
                        .put("ms", Duration.ofMillis(clock.millis() - started).toMillis())
                        .put("result", "the rollback could not run: " + Failures.describe(e))));
    }
}
