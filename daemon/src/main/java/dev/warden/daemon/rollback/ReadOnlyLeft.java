package dev.warden.daemon.rollback;

import dev.warden.postgres.Connections;
import dev.warden.rollback.engine.StepContext;
import dev.warden.rollback.strategy.ReadOnlyStrategy;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgConnectOptions;

/**
 * Whether a rollback that is not running any more left its target refusing writes, read from the
 * server's catalog (never from memory), and the exact command that gives writes back: said in the
 * alert of every rollback that did not succeed, so nobody finds a read-only database without it.
 */
final class ReadOnlyLeft {
    private ReadOnlyLeft() {
    }

    /** True when new sessions of the target start read-only; false when that cannot be read either. */
    static Future<Boolean> check(Vertx vertx, PgConnectOptions target) {
        String database = target.getDatabase();
        PgConnectOptions maintenance = new PgConnectOptions(target)
                .setDatabase(StepContext.maintenanceDatabase(database));
        return Connections.withConnection(vertx, maintenance, c -> ReadOnlyStrategy.readOnly(c, database))
                .otherwise(false);
    }

    /** What an operator runs, once the data is right, to allow writes again. */
    static String liftCommand(String target) {
        return "warden rollback lift --target " + target + " (or POST /api/targets/" + target + "/lift)";
    }
}
