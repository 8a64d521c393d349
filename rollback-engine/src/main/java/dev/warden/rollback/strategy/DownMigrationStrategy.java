package dev.warden.rollback.strategy;

import dev.warden.ErrorCode;
import dev.warden.WardenException;
import dev.warden.config.StrategyKind;
import dev.warden.rollback.down.DownMigrationPlanner;
import dev.warden.rollback.down.DownMigrationSettings;
import dev.warden.rollback.down.DownMigrationTool;
import dev.warden.rollback.down.ToolCommandStep;
import dev.warden.rollback.down.UndoStep;
import dev.warden.rollback.engine.RollbackPlan;
import dev.warden.rollback.engine.RollbackRequest;
import dev.warden.rollback.engine.RollbackStrategy;
import dev.warden.rollback.engine.Step;
import dev.warden.rollback.engine.Steps;
import dev.warden.rollback.external.CommandRunner;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.json.JsonArray;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
/**
 * Undoes the target's newest migrations with their down scripts: first a verified pre-rollback
 * backup ({@code take_pre_rollback_backup}; this changes data in place), then the scripts and the
 * tool's history updates in one transaction ({@code run_down_migrations}), or the tool's own
 * rollback command ({@code run_migration_tool}). The plan decides which versions, from the history
 * as it is then, and pins them into the request: the steps, and a rollback resumed after a
 * restart, undo exactly those, never "the newest one" again.
 */
public final class DownMigrationStrategy implements RollbackStrategy {
    private final Function<String, Optional<DownMigrationSettings>> settings;
    private final WorkerExecutor workers;
    private final DownMigrationPlanner planner;
    private final CommandRunner commands;

    /** @param settings the down_migration settings of a target, by the target's name */
    public DownMigrationStrategy(Vertx vertx, Function<String, Optional<DownMigrationSettings>> settings) {
        this.settings = settings;
        this.workers = vertx.createSharedWorkerExecutor("warden-down-migration", 2, 10, TimeUnit.MINUTES);
        this.planner = new DownMigrationPlanner(vertx, workers);
        this.commands = new CommandRunner(vertx);
    }

    @Override
    public StrategyKind kind() {
        return StrategyKind.DOWN_MIGRATION;
    }

    @Override
    public Future<RollbackPlan> plan(RollbackRequest request) {
        Optional<DownMigrationSettings> found = settings.apply(request.target());
        if (found.isEmpty()) {
            return refuse(request, "the target has no rollback.down_migration settings");
        }
        return planner.plan(request, found.get())
                .recover(e -> refuse(request, e.getMessage()))
                .map(planned -> {
                    RollbackRequest pinned = request.withOptions(request.options().withPinned(planned.pins(found.get())));
                    return RollbackPlan.create(kind(), pinned, steps(pinned), planned.impact());
                });
    }

    @Override
    public List<Step> steps(RollbackRequest request) {
        Optional<DownMigrationSettings> found = settings.apply(request.target());
        if (found.isEmpty()) {
            return List.of(failing("down_migration_settings_missing", "target " + request.target()
                    + " has no rollback.down_migration settings"));
        }
        DownMigrationSettings s = found.get();
        Map<String, String> pinned = request.options().pinned();
        String tool = pinned.get(DownMigrationPlanner.PIN_TOOL);
        Step migrate;
        if (tool == null) {
            migrate = failing("run_down_migrations", "no versions are pinned in the request: plan the rollback first");
        } else if (!tool.equals(s.tool().configName())) {
            migrate = failing("run_down_migrations", "the plan was made for tool " + tool + " and the target is now"
                    + " configured with " + s.tool().configName() + "; plan the rollback again");
        } else {
            List<String> versions = new JsonArray(pinned.get(DownMigrationPlanner.PIN_VERSIONS)).stream()
                    .map(String::valueOf).toList();
            String after = pinned.getOrDefault(DownMigrationPlanner.PIN_AFTER, "");
            migrate = s.tool() == DownMigrationTool.COMMAND ? new ToolCommandStep(s, versions, commands)
                    : new UndoStep(s, versions, after.isEmpty() ? null : after, workers);
        }
        return List.of(new PreRollbackBackupStep(s.backup()), migrate);
    }

    private static Step failing(String name, String why) {
        return Steps.of(name, true, ctx -> Future.failedFuture(new IllegalStateException(why)),
                ctx -> Future.succeededFuture(false));
    }

    private <T> Future<T> refuse(RollbackRequest request, String why) {
        return Future.failedFuture(new WardenException(ErrorCode.FAILED, "cannot plan down_migration for target "
                + request.target() + ": " + why));
    }
}
