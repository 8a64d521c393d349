package dev.warden.rollback.swap;

import dev.warden.rollback.backup.Backup;
import dev.warden.rollback.backup.DumpRestore;
import dev.warden.rollback.backup.SqlText;
import dev.warden.rollback.engine.RollbackOptions;
import dev.warden.rollback.engine.Step;
import dev.warden.rollback.engine.StepContext;
import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.util.Optional;

/**
 * Restores the backup into a new database beside the target. A clone is copied
 * ({@code CREATE DATABASE <restored> TEMPLATE <clone>}; the clone itself stays untouched for later
 * use); a dump goes into a fresh database from {@code template0} with the target's encoding and
 * collation, through pg_restore. The restore is marked complete in the new database's comment,
 * which is how {@link #done} knows; an interrupted dump restore (marked in progress) is dropped
 * and redone: it is Warden's own, half-filled copy, never user data.
 */
public final class RestoreStep implements Step {
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
        return ctx.onMaintenance(c -> dropOwnIncompleteRestore(c, ctx)
                .compose(v -> "clone".equals(backup.kind()) ? copyClone(c, restored)
                        : createEmpty(c, restored)
                                .compose(x -> comment(c, restored, inProgress(ctx)))
                                .compose(x -> new DumpRestore(ctx.vertx(), options.pgRestore(), options.restoreTimeout())
                                        .restore(backup, ctx.target().setDatabase(names.restored()))))
                .compose(v -> comment(c, restored, complete(ctx))))
                .onSuccess(v -> ctx.note("restored " + backup.kind() + " backup " + backup.id() + " (taken "
                        + backup.createdAt() + ") into " + names.restored()));
    }

    private Future<Void> dropOwnIncompleteRestore(SqlConnection c, StepContext ctx) {
        return Catalog.database(c, names.restored()).compose(existing -> {
            if (existing.isEmpty()) {
                return Future.succeededFuture();
            }
            if (!inProgress(ctx).equals(existing.get().comment())) {
                return Future.failedFuture(new IllegalStateException("database " + names.restored() + " exists and is"
                        + " not an interrupted restore of this rollback; rename or drop it, then resume"));
            }
            ctx.note("dropped " + names.restored() + ", this rollback's own interrupted restore, to restore again");
            return c.query("DROP DATABASE " + SqlText.identifier(names.restored())).execute().mapEmpty();
        });
    }

    private Future<Void> copyClone(SqlConnection c, String restored) {
        return c.query("SELECT current_setting('server_version_num')::int").execute()
                .map(rows -> rows.iterator().next().getInteger(0) >= 150000 ? " STRATEGY FILE_COPY" : "")
                .compose(strategy -> withRestoreTimeout(c, "CREATE DATABASE " + restored + " TEMPLATE "
                        + SqlText.identifier(backup.location()) + strategy));
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
