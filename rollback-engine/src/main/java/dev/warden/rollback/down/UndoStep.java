package dev.warden.rollback.down;

import dev.warden.rollback.engine.Step;
import dev.warden.rollback.engine.StepContext;
import io.vertx.core.Future;
import io.vertx.core.WorkerExecutor;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.util.List;
/**
 * Runs the pinned versions' down scripts, newest first, with the tool's history updates, all in ONE
 * transaction under {@code lock_timeout} and {@code statement_timeout}: either every version is
 * undone and recorded, or nothing changed. Inside it, the tool's own advisory locks are taken
 * (without waiting: a running migration makes the step fail) and the history must still show
 * exactly the pinned versions applied, else the plan is stale. done() reads the history; the
 * directory tool records nothing, so it cannot tell ({@link #canTellWhetherDone}).
 */
public final class UndoStep implements Step {
    private final DownMigrationSettings settings;
    private final List<String> versions;
    private final String after;
    private final MigrationLedger ledger;
    private final WorkerExecutor workers;

    public UndoStep(DownMigrationSettings settings, List<String> versions, String after, WorkerExecutor workers) {
        this.settings = settings;
        this.versions = List.copyOf(versions);
        this.after = after;
        this.ledger = Ledgers.of(settings);
        this.workers = workers;
    }

    @Override
    public String name() {
        return "run_down_migrations";
    }

    @Override
    public boolean destructive() {
        return true;
    }

    @Override
    public boolean canTellWhetherDone() {
        return settings.tool() != DownMigrationTool.DIRECTORY;
    }

    @Override
    public Future<Boolean> done(StepContext ctx) {
        if (!canTellWhetherDone()) {
            return Future.succeededFuture(false);
        }
        return ctx.onTarget(c -> ledger.stillApplied(c, versions)).map(List::isEmpty);
    }

    @Override
    public Future<Void> run(StepContext ctx) {
        return workers.executeBlocking(() -> UndoScripts.load(settings, versions, after), false)
                .compose(undos -> ctx.onTarget(c -> c.begin().compose(tx -> undoAll(c, ctx, undos)
                        .compose(v -> tx.commit())
                        .recover(e -> tx.rollback().transform(r -> Future.failedFuture(new IllegalStateException(
                                e.getMessage() + "; the transaction was rolled back: nothing changed", e)))))))
                .onSuccess(v -> ctx.note("undid version(s) " + versions + "; " + ledger.describe()));
    }

    private Future<Void> undoAll(SqlConnection c, StepContext ctx, List<Undo> undos) {
        Future<Void> chain = c.query("SET LOCAL lock_timeout = '" + settings.lockTimeout().toMillis() + "ms'").execute()
                .compose(v -> c.query("SET LOCAL statement_timeout = '" + settings.statementTimeout().toMillis() + "ms'")
                        .execute())
                .compose(v -> Ledgers.applySearchPath(c, settings, true))
                .compose(v -> lockOutTheTool(c, ctx))
                .compose(v -> ledger.stillApplied(c, versions))
                .compose(applied -> applied.equals(versions) ? Future.<Void>succeededFuture()
                        : Future.failedFuture(new IllegalStateException("the history changed since the plan: of "
                                + versions + " it now shows " + applied + " applied; plan the rollback again")));
        for (Undo undo : undos) {
            chain = chain.compose(v -> runOne(c, undo));
        }
        return chain;
    }

    private Future<Void> runOne(SqlConnection c, Undo undo) {
        long started = System.nanoTime();
        return ledger.before(c, undo)
                .compose(v -> c.query(undo.sql().body()).execute()
                        .recover(e -> Future.failedFuture(new IllegalStateException(undo.script() + " failed: "
                                + (e instanceof PgException pg ? pg.getErrorMessage() + " (SQLSTATE " + pg.getSqlState()
                                        + ")" : e.getMessage()), e))))
                .compose(v -> ledger.after(c, undo, (System.nanoTime() - started) / 1_000_000));
    }

    private Future<Void> lockOutTheTool(SqlConnection c, StepContext ctx) {
        List<Long> keys = List.copyOf(ledger.advisoryLockKeys(ctx.database()));
        if (keys.isEmpty()) {
            return Future.succeededFuture();
        }
        return c.preparedQuery("SELECT bool_and(pg_try_advisory_xact_lock(k)) FROM unnest($1::int8[]) k")
                .execute(Tuple.of(keys.toArray(new Long[0])))
                .compose(rows -> Boolean.TRUE.equals(rows.iterator().next().getBoolean(0)) ? Future.<Void>succeededFuture()
                        : Future.failedFuture(new IllegalStateException(settings.tool().configName() + " holds its"
                                + " advisory lock on " + ctx.database() + ": a migration is running")));
    }
}
