package dev.warden.daemon.http;

import dev.warden.ErrorCode;
import dev.warden.WardenException;
import dev.warden.config.StrategyKind;
import dev.warden.daemon.rollback.RollbackJson;
import dev.warden.daemon.rollback.RollbackReport;
import dev.warden.daemon.rollback.Rollbacks;
import dev.warden.rollback.engine.RollbackPlan;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.Arrays;
import java.util.Optional;

/**
 * {@code /api/rollbacks}: list, show one (plan, journal, timings, outcome), its report, approve it;
 * {@code POST /api/targets/{target}/rollbacks} to plan ({@code "dry_run": true}) or execute; and
 * {@code POST /api/targets/{target}/lift} to allow writes again on a read-only target (journaled as a
 * read_only rollback with {@code "lift": true}; {@code "dry_run": true} only shows the plan).
 */
final class RollbackRoutes {
    private final Rollbacks rollbacks;

    RollbackRoutes(Rollbacks rollbacks) {
        this.rollbacks = rollbacks;
    }

    void mount(Router router) {
        router.get("/api/rollbacks").handler(ctx -> Reply.send(ctx, rollbacks.recent(100).map(all ->
                Reply.ok(new JsonObject().put("rollbacks", new JsonArray(all.stream().map(RollbackJson::summary)
                        .toList()))))));
        router.get("/api/rollbacks/:id").handler(ctx -> Reply.send(ctx, () -> rollbacks.find(id(ctx))
                .map(found -> found.map(r -> Reply.ok(RollbackJson.full(r)))
                        .orElseGet(() -> Reply.error(404, "no rollback " + ctx.pathParam("id"))))));
        router.get("/api/rollbacks/:id/report").handler(this::report);
        router.post("/api/rollbacks/:id/approve").handler(ctx -> Reply.send(ctx, () -> rollbacks.approve(id(ctx))
                .map(outcome -> Reply.ok(new JsonObject().put("id", outcome.rollbackId())
                        .put("status", outcome.status().journalName()).put("summary", outcome.summary())
                        .put("evidence", new JsonArray(outcome.evidence()))))));
        router.post("/api/targets/:target/rollbacks").handler(this::planOrExecute);
        router.post("/api/targets/:target/lift").handler(ctx -> Reply.send(ctx, () -> {
            boolean dryRun = JsonBody.of(ctx).bool("dry_run", false);
            return cannotPlan(rollbacks.planLift(ctx.pathParam("target"))).compose(plan -> run(plan, dryRun));
        }));
    }

    /**
     * A plan the target cannot carry out (no settings for the strategy, no verified backup to restore) is
     * a 409 saying what it lacks: the request is sound, the target is not ready for it.
     */
    private static Future<RollbackPlan> cannotPlan(Future<RollbackPlan> plan) {
        return plan.recover(e -> Future.failedFuture(e instanceof WardenException w && w.code() == ErrorCode.FAILED
                ? new WardenException(ErrorCode.CANNOT_CARRY_OUT, w.getMessage(), w) : e));
    }

    /** The path's rollback id, a UUID; a 400 otherwise, before it reaches the state store. */
    private static String id(RoutingContext ctx) {
        String id = ctx.pathParam("id");
        if (!Ids.isRollbackId(id)) {
            throw JsonBody.bad("rollback id: expected a UUID (as GET /api/rollbacks lists), found " + Ids.quote(id));
        }
        return id;
    }

    /** The plan alone for a dry run, else the plan run with its outcome (201). */
    private Future<Reply> run(RollbackPlan plan, boolean dryRun) {
        return dryRun ? Future.succeededFuture(Reply.ok(RollbackJson.plan(plan).put("dry_run", true)))
                : rollbacks.execute(plan).map(outcome -> new Reply(201, RollbackJson.plan(plan)
                        .put("status", outcome.status().journalName()).put("summary", outcome.summary())
                        .put("evidence", new JsonArray(outcome.evidence()))));
    }

    private void planOrExecute(RoutingContext ctx) {
        Reply.send(ctx, () -> {
            JsonBody body = JsonBody.of(ctx);
            String given = body.string("strategy", "");
            Optional<StrategyKind> strategy = Arrays.stream(StrategyKind.values())
                    .filter(k -> k.name().equalsIgnoreCase(given)).findFirst();
            if (strategy.isEmpty()) {
                return Future.succeededFuture(Reply.error(400, "strategy: expected one of full_rollback, branch_swap,"
                        + " down_migration, feature_flag, code_revert, read_only, freeze, found " + Ids.quote(given)));
            }
            boolean dryRun = body.bool("dry_run", true);
            return cannotPlan(rollbacks.plan(ctx.pathParam("target"), strategy.get())).compose(plan -> run(plan, dryRun));
        });
    }

    private void report(RoutingContext ctx) {
        String id;
        try {
            id = id(ctx);
        } catch (RuntimeException e) {
            ctx.fail(e);
            return;
        }
        rollbacks.find(id).onComplete(found -> {
            if (found.failed()) {
                ctx.fail(found.cause());
                return;
            }
            if (found.result().isEmpty()) {
                Reply.send(ctx, Future.succeededFuture(Reply.error(404, "no rollback " + id)));
                return;
            }
            ctx.response().putHeader("Content-Type", "text/markdown; charset=utf-8")
                    .end(RollbackReport.markdown(found.result().get()));
        });
    }
}
