package dev.warden.rollback.strategy;

import dev.warden.ErrorCode;
import dev.warden.WardenException;
import dev.warden.config.StrategyKind;
import dev.warden.postgres.Connections;
import dev.warden.rollback.backup.Backup;
import dev.warden.rollback.engine.RollbackPlan;
import dev.warden.rollback.engine.RollbackRequest;
import dev.warden.rollback.engine.RollbackStrategy;
import dev.warden.rollback.engine.Step;
import dev.warden.rollback.engine.StepContext;
import dev.warden.rollback.swap.CarryOverStep;
import dev.warden.rollback.swap.ClusterRestore;
import dev.warden.rollback.swap.Catalog;
import dev.warden.rollback.swap.RestoreStep;
import dev.warden.rollback.swap.SwapImpact;
import dev.warden.rollback.swap.SwapNames;
import dev.warden.rollback.swap.SwapSteps;
import dev.warden.rollback.swap.VerifyRestoreStep;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
/**
 * Puts a verified backup in the target's place: restore it into a new database beside the target,
 * carry over the target's owner and privileges, verify the restore against the backup
 * ({@link VerifyRestoreStep}: a restore that does not match is never swapped in), then swap by
 * renaming (see {@link SwapSteps}). The database that held the target's name is kept under
 * {@code <target>__replaced_<UTC stamp>}: a rollback never drops data. Clone and dump backups are
 * swapped in. A restore point or a command's backup is restored to the whole cluster by the target's
 * {@code snapshots.restore_command} ({@link ClusterRestore}): first the cluster's present state is kept
 * as a backup of the target's kind (taken and verified), then the command restores, then the target
 * is compared with the backup in place ({@link ClusterRestorePlanner}).
 */
public final class BranchSwapStrategy implements RollbackStrategy {
    private static final Set<String> RESTORABLE = Set.of("clone", "dump");

    private final Vertx vertx;
    private final Function<String, Optional<ClusterRestore>> clusterRestores;

    /** A strategy that swaps clone and dump backups only. */
    public BranchSwapStrategy(Vertx vertx) {
        this(vertx, target -> Optional.empty());
    }

    /** @param clusterRestores per target name, how its restore points or command backups are restored, if at all */
    public BranchSwapStrategy(Vertx vertx, Function<String, Optional<ClusterRestore>> clusterRestores) {
        this.vertx = vertx;
        this.clusterRestores = clusterRestores;
    }

    @Override
    public StrategyKind kind() {
        return StrategyKind.BRANCH_SWAP;
    }

    @Override
    public Future<RollbackPlan> plan(RollbackRequest request) {
        if (restoresCluster(request)) {
            return clusterRestore(request).plan(request);
        }
        SwapNames names = SwapNames.of(request);
        return refuseUnusableBackup(request)
                .compose(v -> refuseTakenNames(request, names))
                .compose(v -> SwapImpact.assess(vertx, request, names))
                .map(impact -> RollbackPlan.create(kind(), request, steps(request), impact));
    }

    @Override
    public List<Step> steps(RollbackRequest request) {
        if (restoresCluster(request)) {
            return clusterRestore(request).steps(request);
        }
        List<Step> steps = new ArrayList<>(restoreSteps(request, Set.of()));
        steps.add(verifyStep(request));
        steps.addAll(swapSteps(request));
        return steps;
    }

    /**
     * Restoring the backup beside the target and giving it the target's owner and privileges;
     * {@code managedSettings} are the target's settings the caller handles itself (see {@link CarryOverStep}).
     */
    static List<Step> restoreSteps(RollbackRequest request, Set<String> managedSettings) {
        SwapNames names = SwapNames.of(request);
        return List.of(new RestoreStep(names, request.backup(), request.options()),
                new CarryOverStep(names, managedSettings));
    }

    /** Comparing the restore with the backup, before it takes the target's name. */
    static Step verifyStep(RollbackRequest request) {
        return new VerifyRestoreStep(SwapNames.of(request), request.backup(), request.options());
    }

    /** The renames that put the restore in the target's place. */
    static List<Step> swapSteps(RollbackRequest request) {
        return SwapSteps.of(SwapNames.of(request));
    }

    private static boolean restoresCluster(RollbackRequest request) {
        return request.backup() != null && ClusterRestore.restores(request.backup().kind());
    }

    private ClusterRestorePlanner clusterRestore(RollbackRequest request) {
        return new ClusterRestorePlanner(vertx, clusterRestores.apply(request.target()));
    }

    private static Future<Void> refuseUnusableBackup(RollbackRequest request) {
        Backup backup = request.backup();
        String problem = backup == null ? "no backup was given to restore"
                : !RESTORABLE.contains(backup.kind()) ? "backup " + backup.id() + " is a " + backup.kind()
                        + " backup, which its own tool restores; branch_swap restores clone and dump backups, and"
                        + " restore points and command backups through snapshots.restore_command"
                : !backup.verified() ? "backup " + backup.id() + " is not verified; only a verified backup is swapped in"
                : "clone".equals(backup.kind()) && backup.location().equals(request.database())
                        ? "backup " + backup.id() + " is the target database itself" : null;
        return problem == null ? Future.succeededFuture() : Future.failedFuture(new WardenException(ErrorCode.FAILED,
                "cannot plan branch_swap for target " + request.target() + ": " + problem));
    }

    private Future<Void> refuseTakenNames(RollbackRequest request, SwapNames names) {
        return Connections.connect(vertx, request.connection()
                        .setDatabase(StepContext.maintenanceDatabase(request.database())))
                .compose(c -> Catalog.exists(c, names.target())
                        .compose(target -> Catalog.exists(c, names.restored())
                                .compose(restored -> Catalog.exists(c, names.replaced())
                                        .map(replaced -> !target ? "database " + names.target() + " does not exist"
                                                : restored ? "a database named " + names.restored() + " already exists"
                                                : replaced ? "a database named " + names.replaced() + " already exists"
                                                : null)))
                        .eventually(c::close))
                .compose(problem -> problem == null ? Future.<Void>succeededFuture()
                        : Future.failedFuture(new WardenException(ErrorCode.FAILED, "cannot plan branch_swap for target "
                                + request.target() + ": " + problem)));
    }
}
