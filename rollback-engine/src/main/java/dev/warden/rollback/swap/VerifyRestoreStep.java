package dev.warden.rollback.swap;

import dev.warden.postgres.Connections;
import dev.warden.rollback.backup.Backup;
import dev.warden.rollback.backup.BackupTables;
import dev.warden.rollback.backup.RowCounter;
import dev.warden.rollback.backup.TableCounts;
import dev.warden.rollback.backup.Verification;
import dev.warden.rollback.engine.RollbackOptions;
import dev.warden.rollback.engine.Step;
import dev.warden.rollback.engine.StepContext;
import io.vertx.core.Future;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Compares the restore with its backup while it still stands beside the target, under its own name
 * that no client knows: what it holds cannot change before the swap, and a restore that does not
 * match (see {@link RestoreComparison}) is never put in the target's place. Counting goes through
 * the checks module's counter, which never queues behind an exclusive lock. Every comparison is a
 * line of evidence ({@code verified: public.orders 1000 = 1000 in backup}); a mismatch fails the
 * step, so the rollback ends partial, the target keeps its data (and, in a full_rollback, stays
 * read-only) and a human decides. It only reads: running it again after a restart is harmless.
 */
public final class VerifyRestoreStep implements Step {
    private static final Logger log = LoggerFactory.getLogger(VerifyRestoreStep.class);

    private final String database;
    private final String onMismatch;
    private final Backup backup;
    private final RollbackOptions options;

    /** Compares the restore beside the target, before it is swapped in. */
    public VerifyRestoreStep(SwapNames names, Backup backup, RollbackOptions options) {
        this(names.restored(), "it was not swapped in: " + names.target() + " keeps its data, the restore stays as "
                + names.restored() + " for inspection, and a human must decide", backup, options);
    }

    private VerifyRestoreStep(String database, String onMismatch, Backup backup, RollbackOptions options) {
        this.database = database;
        this.onMismatch = onMismatch;
        this.backup = backup;
        this.options = options;
    }

    /** Compares the target itself after a restore in place (a whole cluster's). */
    public static VerifyRestoreStep inPlace(String database, Backup backup, RollbackOptions options) {
        return new VerifyRestoreStep(database, "the cluster was restored in place and " + database
                + " does not hold what the backup held: a human must decide", backup, options);
    }

    @Override
    public String name() {
        return "verify_restore";
    }

    @Override
    public boolean destructive() {
        return false;
    }

    @Override
    public Future<Boolean> done(StepContext ctx) {
        return Future.succeededFuture(false);
    }

    @Override
    public Future<Void> run(StepContext ctx) {
        List<String> tables = RestoreComparison.tablesToCount(options.criticalTables(), backup);
        return Connections.connect(ctx.vertx(), ctx.target().setDatabase(database))
                .compose(c -> RowCounter.count(c, tables)
                        .compose(counts -> BackupTables.userTables(c).map(all -> new Restored(counts, all)))
                        .eventually(c::close))
                .compose(restored -> BackupTables.of(ctx.vertx(), backup, ctx.target(), options.pgRestore())
                        .map(listed -> RestoreComparison.compare(backup, tables, restored.counts(), restored.tables(),
                                listed)))
                .recover(e -> Future.failedFuture(new IllegalStateException("could not verify the restore of backup "
                        + backup.id() + " in " + database + ": " + e.getMessage(), e)))
                .compose(verification -> judge(ctx, verification));
    }

    private Future<Void> judge(StepContext ctx, Verification verification) {
        verification.evidence().forEach(ctx::note);
        if (verification.ok()) {
            return Future.succeededFuture();
        }
        log.warn("Rollback {} of {}: {}; {}", ctx.rollbackId(), ctx.request().target(), verification.summary(), onMismatch);
        return Future.failedFuture(new IllegalStateException(verification.summary() + "; " + onMismatch));
    }

    private record Restored(TableCounts counts, Set<String> tables) {
    }
}
