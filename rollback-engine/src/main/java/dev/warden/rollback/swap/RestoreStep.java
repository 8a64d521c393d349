package dev.warden.rollback.swap;

import dev.warden.rollback.backup.Backup;
import dev.warden.rollback.backup.DatabaseCopy;
import dev.warden.rollback.backup.DumpRestore;
import dev.warden.rollback.backup.LeftoverSessions;
import dev.warden.rollback.backup.RestoreKind;
import dev.warden.rollback.backup.SqlText;
import dev.warden.rollback.engine.RollbackOptions;
import dev.warden.rollback.engine.Step;
import dev.warden.rollback.engine.StepContext;
import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.util.Optional;

/**
 * Restores the backup into a new database beside the target. A clone is copied
 * ({@code CREATE DATABASE <restored> TEMPLATE <clone>}; the clone itself stays untouched for later
 * use); a dump goes into a fresh database from {@code template0} with the target's encoding and
 * collation, through pg_restore. The restore is marked complete in the new database's comment,
 * which is how {@link #done} knows; an interrupted restore (marked in progress, or, for a clone
 * killed between its copy and its comment, unmarked while the journal shows this step under way)
 * is dropped and redone: it is Warden's own, half-made copy, never user data.
 */
public final class RestoreStep implements Step {
    /** How long the sessions a stopped Warden left on the restore may take to end once terminated. */
    private static final Duration LEFTOVERS_GONE_BOUND = Duration.ofSeconds(30);

    private final SwapNames names;
    private final Backup backup;
    private final RollbackOptions options;

    public RestoreStep(SwapNames names, Backup backup, RollbackOptions options) {
        this.names = names;
        this.backup = backup;
        this.options = options;
    }

    @Override
    public String name() {
        return "restore_backup";
    }

    @Override
    public boolean destructive() {
        return true;
    }

    @Override
    public Future<Boolean> done(StepContext ctx) {
        return ctx.onMaintenance(c -> Catalog.database(c, names.restored()).compose(restored -> restored.isPresent()
                ? Future.succeededFuture(complete(ctx).equals(restored.get().comment()))
                : Catalog.exists(c, names.replaced())));
    }

    @Override
    public Future<Void> run(StepContext ctx) {
        String restored = SqlText.identifier(names.restored());
        long started = System.nanoTime();
        return ctx.onMaintenance(c -> discardOwnHalfMadeRestore(c, ctx)
                .compose(v -> "clone".equals(backup.kind()) ? copyClone(c, restored)
                        : createEmpty(c, restored)
                                .compose(x -> comment(c, restored, inProgress(ctx)))
                                .compose(x -> new DumpRestore(ctx.vertx(), options.pgRestore(), options.restoreTimeout())
                                        .restore(backup, ctx.target().setDatabase(names.restored())))
                                .map(x -> RestoreKind.of(backup.kind(), null)))
                .compose(kind -> comment(c, restored, complete(ctx)).map(kind)))
                .onSuccess(kind -> ctx.note("restored " + backup.kind() + " backup " + backup.id() + " (taken "
                        + backup.createdAt() + ") into " + names.restored() + " by " + kind.label() + " in "
                        + Duration.ofNanos(System.nanoTime() - started).toMillis() + " ms"))
                .mapEmpty();
    }

    /**
     * A restore this rollback began before its Warden stopped is discarded, to be made again: under its
     * exact name, commented "in progress", or, when the journal says this very step was under way, with
     * no comment (a clone is commented right after its CREATE DATABASE). The stopped Warden's backends
     * still creating or filling it are ended first. Anything else under that name is not provably
     * Warden's own and is left alone: the step fails and says so.
     */
    private Future<Void> discardOwnHalfMadeRestore(SqlConnection c, StepContext ctx) {
        Future<Long> leftovers = ctx.interrupted()
                ? new LeftoverSessions(ctx.vertx(), c).end(names.restored(), ctx.fencePid(), LEFTOVERS_GONE_BOUND)
                : Future.succeededFuture(0L);
        return leftovers.compose(ended -> {
            if (ended > 0) {
                ctx.note("ended " + ended + " session(s) the stopped Warden left creating or filling " + names.restored());
            }
            return Catalog.database(c, names.restored());
        }).compose(existing -> {
            if (existing.isEmpty()) {
                return Future.succeededFuture();
            }
            String comment = existing.get().comment();
            boolean own = inProgress(ctx).equals(comment) || (comment == null && ctx.interrupted());
            if (!own) {
                return Future.failedFuture(new IllegalStateException("database " + names.restored() + " exists and is"
                        + " not an interrupted restore of this rollback; rename or drop it, then resume"));
            }
            ctx.note("dropped " + names.restored() + ", this rollback's own interrupted restore, to restore again");
            return c.query("DROP DATABASE " + SqlText.identifier(names.restored())).execute().mapEmpty();
        });
    }

    /** The same copy as the clone's own: a reflink clone where the server clones files, else a block copy. */
    private Future<RestoreKind> copyClone(SqlConnection c, String restored) {
        return DatabaseCopy.read(c).compose(copy -> withRestoreTimeout(c, "CREATE DATABASE " + restored + " TEMPLATE "
                        + SqlText.identifier(backup.location()) + copy.strategyClause())
                .map(v -> RestoreKind.of(backup.kind(), copy)));
    }

    private Future<Void> createEmpty(SqlConnection c, String restored) {
        return c.preparedQuery("SELECT pg_encoding_to_char(encoding), datcollate, datctype FROM pg_database"
                        + " WHERE datname = $1").execute(Tuple.of(names.target()))
                .compose(rows -> {
                    Optional<Row> row = rows.size() == 0 ? Optional.empty() : Optional.of(rows.iterator().next());
                    String locale = row.map(r -> " ENCODING " + SqlText.literal(r.getString(0)) + " LC_COLLATE "
                            + SqlText.literal(r.getString(1)) + " LC_CTYPE " + SqlText.literal(r.getString(2))).orElse("");
                    return withRestoreTimeout(c, "CREATE DATABASE " + restored + " TEMPLATE template0" + locale);
                });
    }

    private Future<Void> withRestoreTimeout(SqlConnection c, String sql) {
        return c.query("SET statement_timeout = " + options.restoreTimeout().toMillis()).execute()
                .compose(v -> c.query(sql).execute())
                .compose(v -> c.query("RESET statement_timeout").execute())
                .mapEmpty();
    }

    private static Future<Void> comment(SqlConnection c, String database, String text) {
        return c.query("COMMENT ON DATABASE " + database + " IS " + SqlText.literal(text)).execute().mapEmpty();
    }

    private String complete(StepContext ctx) {
        return "Warden rollback " + ctx.rollbackId() + ": restore of backup " + backup.id() + " complete";
    }

    private String inProgress(StepContext ctx) {
        return "Warden rollback " + ctx.rollbackId() + ": restore of backup " + backup.id() + " in progress";
    }
}
