package dev.warden.daemon.http;

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
        router.get("/api/rollbacks/:id").handler(ctx -> Reply.send(ctx, rollbacks.find(ctx.pathParam("id"))
                .map(found -> found.map(r -> Reply.ok(RollbackJson.full(r)))
                        .orElseGet(() -> Reply.error(404, "no rollback " + ctx.pathParam("id"))))));
        router.get("/api/rollbacks/:id/report").handler(this::report);
        router.post("/api/rollbacks/:id/approve").handler(ctx -> Reply.send(ctx, rollbacks.approve(ctx.pathParam("id"))
                .map(outcome -> Reply.ok(new JsonObject().put("id", outcome.rollbackId())
                        .put("status", outcome.status().journalName()).put("summary", outcome.summary())
                        .put("evidence", new JsonArray(outcome.evidence()))))));
        router.post("/api/targets/:target/rollbacks").handler(this::planOrExecute);
        router.post("/api/targets/:target/lift").handler(ctx -> {
            boolean dryRun = body(ctx).getBoolean("dry_run", false);
            Reply.send(ctx, rollbacks.planLift(ctx.pathParam("target")).compose(plan -> run(plan, dryRun)));
        });
    }

    private static JsonObject body(RoutingContext ctx) {
        return ctx.body().length() == 0 ? new JsonObject() : ctx.body().asJsonObject();
    }

    /** The plan alone for a dry run, else the plan run with its outcome (201). */
    private Future<Reply> run(RollbackPlan plan, boolean dryRun) {
        return dryRun ? Future.succeededFuture(Reply.ok(RollbackJson.plan(plan).put("dry_run", true)))
                : rollbacks.execute(plan).map(outcome -> new Reply(201, RollbackJson.plan(plan)
                        .put("status", outcome.status().journalName()).put("summary", outcome.summary())
                        .put("evidence", new JsonArray(outcome.evidence()))));
    }

    private void planOrExecute(RoutingContext ctx) {
        JsonObject body = body(ctx);
        Optional<StrategyKind> strategy = Arrays.stream(StrategyKind.values())
                .filter(k -> k.name().equalsIgnoreCase(body.getString("strategy", ""))).findFirst();
        if (strategy.isEmpty()) {
            Reply.send(ctx, Future.succeededFuture(Reply.error(400, "strategy: expected one of full_rollback, branch_swap, down_migration, feature_flag, code_revert, read_only, freeze,"
                    + " found \"" + body.getString("strategy", "") + "\"")));
            return;
        }
        boolean dryRun = body.getBoolean("dry_run", true);
        Reply.send(ctx, rollbacks.plan(ctx.pathParam("target"), strategy.get()).compose(plan -> run(plan, dryRun)));
    }

    private void report(RoutingContext ctx) {
        rollbacks.find(ctx.pathParam("id")).onComplete(found -> {
            if (found.failed() || found.result().isEmpty()) {
                Reply.send(ctx, Future.succeededFuture(Reply.error(found.failed() ? 503 : 404, found.failed()
                        ? found.cause().getMessage() : "no rollback " + ctx.pathParam("id"))));
                return;
            }
            ctx.response().putHeader("Content-Type", "text/markdown; charset=utf-8")
                    .end(RollbackReport.markdown(found.result().get()));
        });
    }
}
