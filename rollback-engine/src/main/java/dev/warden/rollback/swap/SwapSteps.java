package dev.warden.rollback.swap;

import dev.warden.postgres.Failures;
import dev.warden.postgres.SqlState;
import dev.warden.rollback.backup.SourceGate;
import dev.warden.rollback.backup.SqlText;
import dev.warden.rollback.engine.Step;
import dev.warden.rollback.engine.StepContext;
import dev.warden.rollback.engine.Steps;
import io.vertx.core.Future;
import io.vertx.sqlclient.SqlConnection;
import java.util.List;
import java.util.function.Supplier;

/**
 * The swap itself, by renaming: close the target's door, end its sessions, rename it aside, rename
 * the restore into its place, open the door again. Each step's {@code done()} reads pg_database to
 * see which database holds which name, so that a Warden stopped between the two renames resumes
 * where it was. Connections are allowed again on whatever database holds the target's name, even
 * after a failure. The replaced database is kept and left open, so that the rows written since the
 * backup can be read and salvaged from it; nothing is configured with its name, so no client
 * writes there by accident.
 */
public final class SwapSteps {
    private SwapSteps() {
    }

    public static List<Step> of(SwapNames n) {
        return List.of(
                Steps.of("block_connections", true,
                        ctx -> onGate(ctx, n.target(), (c, gate) -> gate.close()),
                        ctx -> ctx.onMaintenance(c -> asideOr(c, n, () -> Catalog.database(c, n.target())
                                .map(t -> t.isPresent() && !t.get().allowsConnections())))),
                Steps.of("terminate_sessions", true,
                        ctx -> onGate(ctx, n.target(), (c, gate) ->
                                gate.terminateOthers(ctx.request().options().sessionsGoneBound(), ctx.fencePid())),
                        ctx -> ctx.onMaintenance(c -> asideOr(c, n, () -> Catalog.clientSessions(c, n.target(), ctx.fencePid())
                                .map(count -> count == 0)))),
                Steps.of("rename_target_aside", true,
                        ctx -> onGate(ctx, n.target(), (c, gate) -> rename(c, n.target(), n.replaced()).recover(e ->
                                inUse(e) ? gate.terminateOthers(ctx.request().options().sessionsGoneBound(), ctx.fencePid())
                                        .compose(v -> rename(c, n.target(), n.replaced())) : Future.failedFuture(e))),
                        ctx -> ctx.onMaintenance(c -> Catalog.exists(c, n.replaced()))),
                Steps.of("rename_restored_to_target", true,
                        ctx -> ctx.onMaintenance(c -> rename(c, n.restored(), n.target())),
                        ctx -> ctx.onMaintenance(c -> Catalog.exists(c, n.restored()).compose(restored -> restored
                                ? Future.succeededFuture(false)
                                : Catalog.exists(c, n.replaced()).compose(aside -> aside ? Catalog.exists(c, n.target())
                                        : Future.succeededFuture(false))))),
                Steps.always("allow_connections", true,
                        ctx -> ctx.onMaintenance(c -> Catalog.exists(c, n.target()).compose(exists -> exists
                                ? new SourceGate(ctx.vertx(), c, n.target()).open()
                                : Future.failedFuture(new IllegalStateException("no database is named " + n.target()
                                        + ": the swap stopped between its renames; " + n.replaced() + " holds the"
                                        + " replaced data and " + n.restored() + " the restore: resume the rollback,"
                                        + " or rename one of them to " + n.target() + " by hand")))),
                        ctx -> ctx.onMaintenance(c -> Catalog.database(c, n.target())
                                .map(t -> t.isPresent() && t.get().allowsConnections()))),
                Steps.of("open_replaced_for_salvage", true,
                        ctx -> ctx.onMaintenance(c -> new SourceGate(ctx.vertx(), c, n.replaced()).open())
                                .onSuccess(v -> ctx.note("kept " + n.replaced() + " (never dropped): the data "
                                        + n.target() + " held at the swap, open for salvage")),
                        ctx -> ctx.onMaintenance(c -> Catalog.database(c, n.replaced())
                                .map(r -> r.isPresent() && r.get().allowsConnections()))));
    }

    /** True once the target has been renamed aside (every earlier swap step is then done), else {@code otherwise}. */
    private static Future<Boolean> asideOr(SqlConnection c, SwapNames n, Supplier<Future<Boolean>> otherwise) {
        return Catalog.exists(c, n.replaced()).compose(aside -> aside ? Future.succeededFuture(true) : otherwise.get());
    }

    private static Future<Void> rename(SqlConnection c, String from, String to) {
        return c.query("ALTER DATABASE " + SqlText.identifier(from) + " RENAME TO " + SqlText.identifier(to)).execute()
                .mapEmpty();
    }

    private static boolean inUse(Throwable e) {
        return Failures.hasSqlState(e, SqlState.OBJECT_IN_USE);
    }

    private static Future<Void> onGate(StepContext ctx, String database, GateWork work) {
        return ctx.onMaintenance(c -> work.apply(c, new SourceGate(ctx.vertx(), c, database)));
    }

    @FunctionalInterface
    private interface GateWork {
        Future<Void> apply(SqlConnection connection, SourceGate gate);
    }
}
