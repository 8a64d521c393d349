package dev.warden.rollback.swap;

import dev.warden.postgres.Connections;
import dev.warden.postgres.PgEnvironment;
import dev.warden.rollback.backup.Backup;
import dev.warden.rollback.backup.RestorePointBackup;
import dev.warden.rollback.engine.Step;
import dev.warden.rollback.engine.StepContext;
import dev.warden.rollback.external.CommandRunner;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.sqlclient.SqlClient;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Restores the whole cluster to a backup through {@code snapshots.restore_command}, then waits until
 * the target answers again out of recovery. The command gets libpq's variables and
 * {@code WARDEN_TARGET}, {@code WARDEN_RESTORE_POINT} (the point's name; empty for a command backup),
 * {@code WARDEN_RESTORE_LSN}, {@code WARDEN_BACKUP_KIND}, {@code WARDEN_BACKUP_ID},
 * {@code WARDEN_BACKUP_LOCATION} and {@code WARDEN_ROLLBACK_ID}; it owns the stop, the restore and the
 * start. A restore to a point ends on a new timeline: {@link #done} compares the server's timeline
 * with the one pinned when the rollback was planned, so a resumed rollback does not restore twice,
 * while one interrupted before the promotion runs the command again (pgBackRest's {@code --delta}
 * makes that cheap). The server's restart ends every session, the rollback's fence too: nothing
 * after this step changes anything.
 */
public final class ClusterRestoreStep implements Step {
    /** The server's timeline when the rollback was planned. */
    public static final String PIN_TIMELINE = "branch_swap.timeline_before";
    private static final Logger log = LoggerFactory.getLogger(ClusterRestoreStep.class);
    private static final long ANSWER_POLL_MILLIS = 250;

    private final ClusterRestore settings;
    private final Backup backup;

    public ClusterRestoreStep(ClusterRestore settings, Backup backup) {
        this.settings = settings;
        this.backup = backup;
    }

    /** The timeline the server behind {@code client} writes on; -1 in recovery. */
    public static Future<Long> timeline(SqlClient client) {
        return ServerTimeline.read(client);
    }

    @Override
    public String name() {
        return "restore_cluster";
    }

    @Override
    public boolean destructive() {
        return true;
    }

    /** Restored once the server runs on a later timeline than at planning; a server that does not answer is not. */
    @Override
    public Future<Boolean> done(StepContext ctx) {
        String pinned = ctx.request().options().pinned().get(PIN_TIMELINE);
        if (pinned == null) {
            return Future.succeededFuture(false);
        }
        return ctx.onMaintenance(ServerTimeline::read).map(timeline -> timeline > Long.parseLong(pinned))
                .otherwise(false);
    }

    @Override
    public Future<Void> run(StepContext ctx) {
        long started = System.nanoTime();
        if (ctx.interrupted()) {
            ctx.note("the restore_command was under way when Warden stopped: running it again");
        }
        String password = ctx.target().getPassword();
        return new CommandRunner(ctx.vertx()).run(settings.command(), environment(ctx),
                        password == null ? List.of() : List.of(password))
                .recover(e -> Future.failedFuture(new IllegalStateException("restore_command " + e.getMessage()
                        + "; the cluster may be stopped or half restored: run it again by hand, or resume the rollback")))
                .compose(output -> {
                    long restoredMs = Duration.ofNanos(System.nanoTime() - started).toMillis();
                    return awaitAnswer(ctx, started + timeout().toNanos()).map(restoredMs);
                })
                .map(restoredMs -> {
                    long totalMs = Duration.ofNanos(System.nanoTime() - started).toMillis();
                    ctx.note("restored the cluster to " + backup.kind() + " backup " + backup.id()
                            + lsn() + " through restore_command in " + restoredMs + " ms; the target answered out of"
                            + " recovery after " + totalMs + " ms");
                    log.info("Rollback {} of {}: cluster restored to {} in {} ms", ctx.rollbackId(), ctx.request().target(),
                            backup.id(), totalMs);
                    return null;
                });
    }

    private Duration timeout() {
        return settings.command().timeout();
    }

    private Map<String, String> environment(StepContext ctx) {
        boolean point = RestorePointBackup.KIND.equals(backup.kind());
        Map<String, String> env = new LinkedHashMap<>(PgEnvironment.of(ctx.target()));
        env.put("WARDEN_TARGET", ctx.request().target());
        env.put("WARDEN_RESTORE_POINT", point ? backup.id() : "");
        env.put("WARDEN_RESTORE_LSN", backup.details().getOrDefault(RestorePointBackup.LSN, ""));
        env.put("WARDEN_BACKUP_KIND", backup.kind());
        env.put("WARDEN_BACKUP_ID", backup.id());
        env.put("WARDEN_BACKUP_LOCATION", backup.location());
        env.put("WARDEN_ROLLBACK_ID", ctx.rollbackId());
        return env;
    }

    /** Polls the target database until it answers out of recovery, or the deadline passes. */
    private Future<Void> awaitAnswer(StepContext ctx, long deadline) {
        Promise<Void> answered = Promise.promise();
        poll(ctx, deadline, answered);
        return answered.future();
    }

    private void poll(StepContext ctx, long deadline, Promise<Void> answered) {
        Connections.connect(ctx.vertx(), ctx.target())
                .compose(c -> ServerTimeline.read(c).eventually(c::close))
                .onComplete(read -> {
                    if (read.succeeded() && read.result() >= 0) {
                        answered.complete();
                        return;
                    }
                    String problem = read.succeeded() ? "still in recovery" : read.cause().getMessage();
                    if (System.nanoTime() > deadline) {
                        answered.fail(new IllegalStateException("restore_command succeeded but " + ctx.database()
                                + " did not answer out of recovery within " + timeout().toSeconds() + " s ("
                                + problem + ")"));
                    } else {
                        ctx.vertx().setTimer(ANSWER_POLL_MILLIS, id -> poll(ctx, deadline, answered));
                    }
                });
    }

    private String lsn() {
        String lsn = backup.details().get(RestorePointBackup.LSN);
        return lsn == null ? "" : " (LSN " + lsn + ")";
    }

}
