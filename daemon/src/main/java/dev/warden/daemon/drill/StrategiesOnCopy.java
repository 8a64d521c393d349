package dev.warden.daemon.drill;

import dev.warden.config.TargetConfig;
import dev.warden.rollback.backup.Backup;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgConnectOptions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The drill's strategies, one after the other, each from the copy as the migration left it: when
 * there are several, a clone of the migrated copy is taken first (the migrated point), and the
 * scratch is made again from it before each strategy after the first, timed apart
 * ({@code copy_reset_ms}, not counted in the strategy's time). Each result goes into the drill's
 * report and metrics; one that did not verify within its budget is a reason the drill failed.
 */
final class StrategiesOnCopy {
    private final Clock clock;
    private final ScratchDatabases scratch;
    private final DrillRun run;
    private final TargetConfig target;
    private final PgConnectOptions server;
    private final Backup restorePoint;
    private final RollbackOnCopy onCopy;
    private final DrillMetrics metrics;
    private final PgConnectOptions copy;

    StrategiesOnCopy(Vertx vertx, Clock clock, ScratchDatabases scratch, DrillRun run, TargetConfig target,
                     PgConnectOptions server, PgConnectOptions copy, Backup restorePoint, CopyFingerprint before,
                     DrillMetrics metrics) {
        this.clock = clock;
        this.scratch = scratch;
        this.run = run;
        this.target = target;
        this.server = server;
        this.copy = copy;
        this.restorePoint = restorePoint;
        this.onCopy = new RollbackOnCopy(vertx, clock, target, copy, restorePoint, before);
        this.metrics = metrics;
    }

    Future<Void> drill(List<DrilledStrategy> strategies) {
        List<DrilledStrategy> drilled = new ArrayList<>();
        for (DrilledStrategy strategy : strategies) {
            if (strategy.notDrilled() == null) {
                drilled.add(strategy);
            } else {
                run.strategy(new JsonObject().put("strategy", strategy.name()).put("rules", strategy.rules())
                        .put("drilled", false).put("why", strategy.notDrilled()));
            }
        }
        if (drilled.isEmpty()) {
            run.reason("no strategy of " + target.name() + "'s matrix could be drilled on a copy");
            return Future.succeededFuture();
        }
        Future<Backup> migrated = drilled.size() == 1 ? Future.succeededFuture() : migratedPoint();
        return migrated.compose(point -> {
            Future<Void> chain = Future.succeededFuture();
            for (int i = 0; i < drilled.size(); i++) {
                DrilledStrategy strategy = drilled.get(i);
                chain = i == 0 ? chain.compose(v -> runOne(strategy, null))
                        : chain.compose(v -> reset(point, strategy)).compose(resetMs -> runOne(strategy, resetMs));
            }
            return chain;
        });
    }

    private Future<Backup> migratedPoint() {
        Instant taking = clock.instant();
        return scratch.migratedPoint(target.name(), copy, run.id(), target.criticalTables()).onSuccess(point -> {
            run.took("migrated_point", Duration.between(taking, clock.instant()));
            run.event(clock.instant(), "migrated point " + point.location() + " taken: each strategy starts from the"
                    + " copy as the migration left it");
        });
    }

    /** Makes the scratch again from the migrated point; answers how long that took. */
    private Future<Long> reset(Backup point, DrilledStrategy next) {
        Instant resetting = clock.instant();
        return scratch.resetScratch(target.name(), server, run.id(), point,
                List.of(restorePoint.location(), point.location()), target.criticalTables()).map(dropped -> {
                    run.event(clock.instant(), "made " + copy.getDatabase() + " again from " + point.location() + " for "
                            + next.name() + "; dropped " + String.join(", ", dropped));
                    return Duration.between(resetting, clock.instant()).toMillis();
                });
    }

    /** @param resetMs how long making the copy again took before it, or null for the first strategy */
    private Future<Void> runOne(DrilledStrategy strategy, Long resetMs) {
        return onCopy.run(strategy).map(result -> {
            if (resetMs != null) {
                result.put("copy_reset_ms", resetMs);
            }
            run.strategy(result);
            run.event(clock.instant(), strategy.name() + ": " + result.getString("result"));
            if (result.getBoolean("rolled_back", false)) {
                metrics.rollback(target.name(), strategy.name(), result.getLong("ms") / 1000.0);
            }
            if (!RollbackOnCopy.VERIFIED.equals(result.getString("result"))) {
                run.reason(strategy.name() + ": " + result.getString("result"));
            }
            return null;
        });
    }
}
