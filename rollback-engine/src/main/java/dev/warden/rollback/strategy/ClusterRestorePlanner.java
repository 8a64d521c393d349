package dev.warden.rollback.strategy;

import dev.warden.ErrorCode;
import dev.warden.WardenException;
import dev.warden.config.StrategyKind;
import dev.warden.postgres.Connections;
import dev.warden.rollback.backup.Backup;
import dev.warden.rollback.backup.RestorePointBackup;
import dev.warden.rollback.engine.RollbackPlan;
import dev.warden.rollback.engine.RollbackRequest;
import dev.warden.rollback.engine.Step;
import dev.warden.rollback.engine.StepContext;
import dev.warden.rollback.engine.Steps;
import dev.warden.rollback.swap.Catalog;
import dev.warden.rollback.swap.ClusterRestore;
import dev.warden.rollback.swap.ClusterRestoreStep;
import dev.warden.rollback.swap.SwapImpact;
import dev.warden.rollback.swap.VerifyRestoreStep;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * branch_swap for a restore point or a command backup: the target's present state kept as a backup
 * of its kind, the whole cluster restored by {@code snapshots.restore_command}, the target compared
 * with the backup in place. The plan pins the server's timeline (see {@link ClusterRestoreStep}) and
 * says first which kind of restore it is and where the replaced state stays.
 */
final class ClusterRestorePlanner {
    private final Vertx vertx;
    private final Optional<ClusterRestore> settings;

    /** @param settings the target's restore_command and backup method, empty when it has none */
    ClusterRestorePlanner(Vertx vertx, Optional<ClusterRestore> settings) {
        this.vertx = vertx;
        this.settings = settings;
    }

    Future<RollbackPlan> plan(RollbackRequest request) {
        Backup backup = request.backup();
        String problem = settings.isEmpty() ? "backup " + backup.id() + " is a " + backup.kind() + " backup and the"
                + " target has no snapshots.restore_command to restore it"
                : !backup.verified() ? "backup " + backup.id() + " is not verified; only a verified backup is restored" : null;
        if (problem != null) {
            return refuse(request, problem);
        }
        return timeline(request).compose(timeline -> {
            RollbackRequest pinned = request.withOptions(request.options().withPinned(
                    Map.of(ClusterRestoreStep.PIN_TIMELINE, String.valueOf(timeline))));
            return SwapImpact.assess(vertx, pinned, List.of(restoreKind(pinned), keptAs(pinned, timeline)))
                    .map(impact -> RollbackPlan.create(StrategyKind.BRANCH_SWAP, pinned, steps(pinned), impact));
        });
    }

    List<Step> steps(RollbackRequest request) {
        if (settings.isEmpty()) {
            return List.of(Steps.of("restore_cluster", true, ctx -> Future.failedFuture(new IllegalStateException(
                    "target " + request.target() + " has no snapshots.restore_command")), ctx -> Future.succeededFuture(false)));
        }
        return List.of(new PreRollbackBackupStep(settings.get().currentState()),
                new ClusterRestoreStep(settings.get(), request.backup()),
                VerifyRestoreStep.inPlace(request.database(), request.backup(), request.options()));
    }

    /** The server's timeline now; refused when the database is missing or the server is a standby. */
    private Future<Long> timeline(RollbackRequest request) {
        return Connections.connect(vertx, request.connection().setDatabase(StepContext.maintenanceDatabase(request.database())))
                .compose(c -> Catalog.exists(c, request.database())
                        .compose(exists -> exists ? ClusterRestoreStep.timeline(c)
                                : refuse(request, "database " + request.database() + " does not exist"))
                        .eventually(c::close))
                .compose(timeline -> timeline < 0 ? refuse(request, "the server is in recovery; restore a primary")
                        : Future.succeededFuture(timeline));
    }

    private static String restoreKind(RollbackRequest request) {
        Backup backup = request.backup();
        String lsn = backup.details().get(RestorePointBackup.LSN);
        return "restore kind: the whole cluster " + request.connection().getHost() + ":" + request.connection().getPort()
                + " restored in place by snapshots.restore_command to " + backup.kind() + " backup " + backup.id()
                + (lsn == null ? "" : " (LSN " + lsn + ", timeline " + backup.details().get("timeline") + ")") + ", taken "
                + backup.createdAt() + "; every database on the server goes back to that moment, and the restart ends"
                + " every session";
    }

    private static String keptAs(RollbackRequest request, long timeline) {
        return "what the cluster holds now is kept first as a " + request.backup().kind() + " backup named "
                + PreRollbackBackupStep.name(request) + " (taken and verified before the restore; on timeline " + timeline
                + "), restorable with the same tool";
    }

    private static <T> Future<T> refuse(RollbackRequest request, String problem) {
        return Future.failedFuture(new WardenException(ErrorCode.FAILED, "cannot plan branch_swap for target "
                + request.target() + ": " + problem));
    }
}
