package dev.warden.daemon.rollback;

import dev.warden.config.Severity;
import dev.warden.config.TargetConfig;
import dev.warden.daemon.alert.Alert;
import dev.warden.daemon.alert.Alerts;
import dev.warden.postgres.Connections;
import dev.warden.rollback.engine.JournaledRollback;
import dev.warden.rollback.engine.StepContext;
import dev.warden.rollback.strategy.ReadOnlyStrategy;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgConnectOptions;
import java.util.List;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pages a human about a rollback that is not running and did not succeed (ended partial, failed,
 * needs_attention, or could not be resumed). Whether it left its target refusing writes is read from
 * the server's catalog, never from memory; when it did, the alert says so and gives the exact lift
 * command, so that nobody finds a read-only database without the way out.
 */
final class NeedsAttention {
    /** The alert's name. */
    static final String ALERT = "WardenRollbackNeedsAttention";
    private static final Logger log = LoggerFactory.getLogger(NeedsAttention.class);

    private final Vertx vertx;
    private final Alerts alerts;
    private final Function<String, TargetConfig> targets;

    NeedsAttention(Vertx vertx, Alerts alerts, Function<String, TargetConfig> targets) {
        this.vertx = vertx;
        this.alerts = alerts;
        this.targets = targets;
    }

    /** @param what what became of it, after "rollback ID of TARGET" ("ended partial: ...") */
    Future<Void> page(JournaledRollback rollback, String what, List<String> evidence) {
        TargetConfig target = targets.apply(rollback.target());
        return readOnly(Connections.options(target.connection(), target.session())).map(readOnly -> {
            Alert alert = Alert.of(ALERT, Severity.CRITICAL, rollback.target())
                    .withLabel("strategy", rollback.strategy().name().toLowerCase())
                    .withAnnotation("summary", "rollback " + rollback.id() + " of " + rollback.target() + " " + what)
                    .withDescription("Rollback " + rollback.id() + " of " + rollback.target() + " " + what
                            + (readOnly ? "; " + rollback.target() + " still refuses writes" : "")
                            + "; a human decides what to do next, from its report (GET /api/rollbacks/"
                            + rollback.id() + "/report).")
                    .withEvidence(evidence);
            if (readOnly) {
                log.error("Rollback {} left {} read-only; once the data is right, allow writes again: {}",
                        rollback.id(), rollback.target(), liftCommand(rollback.target()));
                alert = alert.withAnnotation("action", "once the data is right, allow writes again: "
                        + liftCommand(rollback.target()));
            }
            alerts.fire(alert);
            return null;
        });
    }

    /** What an operator runs to allow writes again. */
    static String liftCommand(String target) {
        return "warden rollback lift --target " + target + " (or POST /api/targets/" + target + "/lift)";
    }

    /** True when new sessions of the target start read-only; false when that cannot be read either. */
    private Future<Boolean> readOnly(PgConnectOptions target) {
        String database = target.getDatabase();
        PgConnectOptions maintenance = new PgConnectOptions(target).setDatabase(StepContext.maintenanceDatabase(database));
        return Connections.withConnection(vertx, maintenance, c -> ReadOnlyStrategy.readOnly(c, database)).otherwise(false);
    }
}
