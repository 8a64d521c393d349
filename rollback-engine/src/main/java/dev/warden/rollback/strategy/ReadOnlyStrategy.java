package dev.warden.rollback.strategy;

import dev.warden.config.StrategyKind;
import dev.warden.postgres.Connections;
import dev.warden.rollback.backup.SqlText;
import dev.warden.rollback.engine.DataImpact;
import dev.warden.rollback.engine.RollbackPlan;
import dev.warden.rollback.engine.RollbackRequest;
import dev.warden.rollback.engine.RollbackStrategy;
import dev.warden.rollback.engine.Step;
import dev.warden.rollback.engine.StepContext;
import dev.warden.rollback.engine.Steps;
import dev.warden.rollback.swap.Catalog;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.List;
import java.util.Locale;
import java.util.Set;
/**
 * Stops writes without touching data: {@code ALTER DATABASE <db> SET default_transaction_read_only
 * = on}, then terminates the target's client sessions so that they reconnect read-only. All of them,
 * idle ones included: a session keeps the setting it started with, so an idle pooled connection
 * would go on writing; terminating an idle session ends no work. Only sessions of the target
 * database are touched, never Warden's fence. A superuser can still {@code SET} the setting off in
 * its own session: this stops applications, not administrators.
 *
 * <p>With {@link dev.warden.rollback.engine.RollbackOptions#lift()} the plan undoes it: {@code RESET}
 * the setting, then terminate the idle sessions (they came up read-only and would stay so).
 */
public final class ReadOnlyStrategy implements RollbackStrategy {
    static final String SETTING = "default_transaction_read_only";
    private static final Set<String> ON = Set.of("on", "true", "yes", "1");

    private final Vertx vertx;

    public ReadOnlyStrategy(Vertx vertx) {
        this.vertx = vertx;
    }

    @Override
    public StrategyKind kind() {
        return StrategyKind.READ_ONLY;
    }

    @Override
    public Future<RollbackPlan> plan(RollbackRequest request) {
        String sessions = "SELECT count(*), count(*) FILTER (WHERE xact_start IS NOT NULL),"
                + " count(*) FILTER (WHERE backend_xid IS NOT NULL) FROM pg_stat_activity"
                + " WHERE datname = $1 AND backend_type = 'client backend'";
        return Connections.connect(vertx, request.connection().setDatabase(StepContext.maintenanceDatabase(request.database())))
                .compose(c -> c.preparedQuery(sessions).execute(Tuple.of(request.database())).eventually(c::close))
                .map(rows -> rows.iterator().next())
                .map(row -> RollbackPlan.create(kind(), request, steps(request), request.options().lift()
                        ? DataImpact.none("writes to " + request.database() + " are allowed again for new sessions",
                                "idle sessions are terminated so that they reconnect writable; "
                                        + row.getLong(0) + " client session(s) now")
                        : DataImpact.none("no data changes: new sessions of " + request.database()
                                        + " refuse writes (SQLSTATE 25006) until the rollback is lifted",
                                row.getLong(0) + " client session(s) will be terminated now: " + row.getLong(1)
                                        + " in a transaction, whose work is rolled back, " + row.getLong(2)
                                        + " of them with uncommitted writes")));
    }

    @Override
    public List<Step> steps(RollbackRequest request) {
        String db = SqlText.identifier(request.database());
        if (request.options().lift()) {
            return List.of(
                    Steps.of("reset_default_read_only", true,
                            ctx -> ctx.onMaintenance(c -> c.query("ALTER DATABASE " + db + " RESET " + SETTING).execute())
                                    .mapEmpty(),
                            ctx -> readOnly(ctx).map(on -> !on)),
                    Steps.of("reconnect_idle_sessions", true, ctx -> terminate(ctx, true), ctx -> Future.succeededFuture(false)));
        }
        return List.of(
                Steps.of("set_default_read_only", true,
                        ctx -> ctx.onMaintenance(c -> c.query("ALTER DATABASE " + db + " SET " + SETTING + " = on")
                                .execute()).mapEmpty(),
                        ReadOnlyStrategy::readOnly),
                // Terminating again after a restart is safe: sessions that came up read-only just reconnect.
                Steps.of("terminate_sessions", true, ctx -> terminate(ctx, false), ctx -> Future.succeededFuture(false)));
    }

    private static Future<Boolean> readOnly(StepContext ctx) {
        return ctx.onMaintenance(c -> readOnly(c, ctx.database()));
    }

    /**
     * Whether new sessions of {@code database} start read-only (its own {@code ALTER DATABASE ... SET}),
     * read from the catalog on any session of the server: the truth after a restart, whoever set it.
     */
    public static Future<Boolean> readOnly(SqlClient client, String database) {
        return Catalog.databaseSetting(client, database, SETTING)
                .map(value -> value.map(v -> ON.contains(v.toLowerCase(Locale.ROOT))).orElse(false));
    }

    private static Future<Void> terminate(StepContext ctx, boolean idleOnly) {
        return ctx.onMaintenance(c -> Catalog.terminateClients(c, ctx.database(), ctx.fencePid(), idleOnly))
                .map(count -> {
                    ctx.note("terminated " + count + (idleOnly ? " idle" : "") + " client session(s) of " + ctx.database());
                    return null;
                });
    }
}
