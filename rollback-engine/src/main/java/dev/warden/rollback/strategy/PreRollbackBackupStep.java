package dev.warden.rollback.strategy;

import dev.warden.rollback.backup.Backup;
import dev.warden.rollback.backup.BackupMethod;
import dev.warden.rollback.backup.BackupNames;
import dev.warden.rollback.backup.BackupRequest;
import dev.warden.rollback.backup.LeftoverSessions;
import dev.warden.rollback.backup.SourceGate;
import dev.warden.rollback.backup.SqlText;
import dev.warden.rollback.engine.RollbackRequest;
import dev.warden.rollback.engine.Step;
import dev.warden.rollback.engine.StepContext;
import dev.warden.rollback.swap.Catalog;
import io.vertx.core.Future;
import java.time.Duration;
import java.util.List;

/**
 * Before a strategy changes data in place, a backup of the target, taken and verified: named from
 * the rollback's request time ({@code <db>__warden_<stamp>_pre_rollback}) so that a resumed rollback
 * looks for the very same one, and a snapshot's backup taken in the same second keeps its own name.
 * A verified clone is marked in its database comment ("verified before rollback <id>"), which is how
 * {@link #done} knows; the other kinds leave no such mark on the server, so for them done() answers
 * false and a resumed rollback takes its backup again (a dump refuses to overwrite its file, and says so).
 */
final class PreRollbackBackupStep implements Step {
    private static final String REASON = "before rollback ";
    private static final Duration LEFTOVERS_GONE_BOUND = Duration.ofSeconds(30);

    private final BackupMethod method;

    PreRollbackBackupStep(BackupMethod method) {
        this.method = method;
    }

    @Override
    public String name() {
        return "take_pre_rollback_backup";
    }

    /** A clone cuts the target's sessions off: the fence is checked first. */
    @Override
    public boolean destructive() {
        return true;
    }

    @Override
    public Future<Void> run(StepContext ctx) {
        return discardOwnHalfMadeClone(ctx).compose(v -> backUp(ctx));
    }

    private Future<Void> backUp(StepContext ctx) {
        BackupRequest request = new BackupRequest(ctx.request().target(), ctx.target(), REASON + ctx.rollbackId(),
                ctx.request().options().criticalTables(), ctx.request().requestedAt(), qualifier(ctx));
        return method.create(request).compose(backup -> method.verify(backup, request).compose(verification -> {
            if (!verification.ok()) {
                return Future.failedFuture(new IllegalStateException(backup.kind() + " backup " + backup.id()
                        + " failed its verification (" + verification.summary() + "); nothing was rolled back"));
            }
            return markVerified(ctx, backup).map(v -> {
                ctx.note("took " + backup.kind() + " backup " + backup.id() + " at " + backup.createdAt()
                        + " and verified it (" + verification.summary() + "); it is kept");
                return null;
            });
        }));
    }

    @Override
    public Future<Boolean> done(StepContext ctx) {
        if (!"clone".equals(method.kind())) {
            return Future.succeededFuture(false);
        }
        return ctx.onMaintenance(c -> Catalog.database(c, name(ctx)))
                .map(clone -> clone.isPresent() && clone.get().comment() != null
                        && clone.get().comment().endsWith(marker(ctx)));
    }

    /**
     * A clone this step began before its Warden stopped (the journal shows the step under way) left
     * the target's door shut, maybe a backend still copying, and maybe a copy under this rollback's
     * backup name, unverified: the backends are ended, the door opened again (this step shut it; the
     * strategy keeps it open otherwise), and the copy dropped when it is provably this rollback's own
     * (no comment yet, or the comment naming this rollback as its reason), so that it is taken again.
     */
    private Future<Void> discardOwnHalfMadeClone(StepContext ctx) {
        if (!ctx.interrupted() || !"clone".equals(method.kind())) {
            return Future.succeededFuture();
        }
        String clone = name(ctx);
        return ctx.onMaintenance(c -> new LeftoverSessions(ctx.vertx(), c).end(clone, ctx.fencePid(), LEFTOVERS_GONE_BOUND)
                .compose(ended -> new SourceGate(ctx.vertx(), c, ctx.database()).open())
                .compose(v -> Catalog.database(c, clone))
                .compose(existing -> {
                    String comment = existing.map(Catalog.DatabaseState::comment).orElse(null);
                    if (existing.isEmpty() || !(comment == null || comment.contains(REASON + ctx.rollbackId() + ")"))) {
                        return Future.succeededFuture();
                    }
                    ctx.note("dropped " + clone + ", this rollback's own unverified clone, to take it again");
                    return c.query("DROP DATABASE " + SqlText.identifier(clone)).execute().mapEmpty();
                }));
    }

    private Future<Void> markVerified(StepContext ctx, Backup backup) {
        if (!"clone".equals(backup.kind())) {
            return Future.succeededFuture();
        }
        return ctx.onMaintenance(c -> Catalog.database(c, backup.location()).compose(clone -> {
            String comment = clone.map(Catalog.DatabaseState::comment).orElse(null);
            String marked = (comment == null ? "" : comment + " | ") + marker(ctx);
            return c.query("COMMENT ON DATABASE " + SqlText.identifier(backup.location()) + " IS "
                    + SqlText.literal(marked)).execute().mapEmpty();
        }));
    }

    private static String name(StepContext ctx) {
        return name(ctx.request());
    }

    /** The name this step gives the backup of {@code request}'s target. */
    static String name(RollbackRequest request) {
        return new BackupRequest(request.target(), request.connection(), "", List.of(), request.requestedAt(),
                BackupNames.PRE_ROLLBACK).backupName();
    }

    private static String qualifier(StepContext ctx) {
        return BackupNames.PRE_ROLLBACK;
    }

    private static String marker(StepContext ctx) {
        return "verified before rollback " + ctx.rollbackId();
    }
}
