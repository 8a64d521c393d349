package dev.warden.daemon.http;

import dev.warden.config.DecisionRule;
import dev.warden.config.EffectiveMatrix;
import dev.warden.config.ServerConfig;
import dev.warden.daemon.cluster.ClusterView;
import dev.warden.daemon.alert.Runbooks;
import dev.warden.daemon.metrics.WardenMetrics;
import dev.warden.daemon.drill.Drills;
import dev.warden.daemon.housekeeping.Housekeeping;
import dev.warden.daemon.migrate.Migrations;
import dev.warden.daemon.state.StateStore;
import dev.warden.daemon.watch.WatchedTarget;
import dev.warden.rollback.decision.DecisionStore;
import dev.warden.rollback.decision.IncidentStore;
import dev.warden.daemon.rollback.Rollbacks;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.time.Clock;
import java.util.List;
import java.util.Map;

/**
 * The HTTP server: {@code /metrics}, {@code /health/*}, {@code /runbooks/*}, the JSON API under {@code /api}
 * (with {@code /api/status}, every target on one screen) and the status page at {@code /}.
 */
public final class HttpApi extends VerticleBase {
    private final ServerConfig server;
    private final WardenMetrics metrics;
    private final Health health;
    private final List<WatchedTarget> targets;
    private final Map<String, EffectiveMatrix> matrices;
    private final DecisionStore decisions;
    private final Rollbacks rollbacks;
    private final Migrations migrations;
    private final StateStoreGate stateGate;
    private final StatusView status;
    private Drills drills;
    private Housekeeping housekeeping;
    /** Null for a lone Warden. */
    private volatile ClusterView cluster;
    private HttpServer http;

    /** @param matrices each target's decision matrix as it carries it out, by target name */
    public HttpApi(ServerConfig server, WardenMetrics metrics, Health health, List<WatchedTarget> targets,
                   Map<String, EffectiveMatrix> matrices, DecisionStore decisions, Rollbacks rollbacks,
                   Migrations migrations, StateStore state, IncidentStore incidents, Clock clock) {
        this.migrations = migrations;
        this.status = new StatusView(targets, incidents, decisions, rollbacks, migrations, state, clock);
        this.stateGate = new StateStoreGate(state, clock);
        this.matrices = matrices;
        this.decisions = decisions;
        this.rollbacks = rollbacks;
        this.server = server;
        this.metrics = metrics;
        this.health = health;
        this.targets = targets;
    }

    /** Serves {@code warden databases}' routes too; before the verticle is deployed. */
    public HttpApi withHousekeeping(Housekeeping housekeeping) {
        this.housekeeping = housekeeping;
        return this;
    }

    /** On a cluster node, each target names its owner and the listing the members (issue 16). */
    public HttpApi withCluster(ClusterView view) {
        this.cluster = view;
        status.withCluster(view);
        return this;
    }

    /** Serves {@code warden drill}'s routes too; before the verticle is deployed. */
    public HttpApi withDrills(Drills drills) {
        this.drills = drills;
        return this;
    }

    @Override
    public Future<?> start() {
        Router router = Router.router(vertx);
        ApiErrors errors = new ApiErrors();
        router.route().failureHandler(errors);
        for (int status : new int[] {400, 404, 405, 406, 413, 414, 415, 431, 500}) {
            router.errorHandler(status, errors);
        }
        router.get("/metrics").handler(this::metrics);
        router.get("/health/live").handler(ctx -> json(ctx, 200, new JsonObject().put("status", "alive")));
        router.get("/health/ready").handler(this::ready);
        router.get("/runbooks/:page").handler(this::runbook);
        router.get("/").handler(StatusPage.load());
        router.route("/api/*").handler(new ApiAuth(server.token(), server.host()));
        router.route("/api/*").handler(new CrossSiteGuard(server.token().isEmpty()));
        router.route("/api/*").handler(BodyHandler.create().setBodyLimit(64 * 1024));
        stateGate.mount(router);
        // A cluster node leaves the writes about another node's target to that node (421 naming it).
        new OwnerGate(() -> cluster, rollbacks).mount(router);
        router.get("/api/status").handler(ctx -> status.now().onComplete(body -> {
            if (body.succeeded()) {
                json(ctx, 200, body.result());
            } else {
                ctx.fail(body.cause());
            }
        }));
        router.get("/api/targets").handler(this::targets);
        router.get("/api/targets/:target").handler(this::target);
        new SnapshotRoutes(targets).mount(router);
        router.get("/api/targets/:target/checks").handler(this::checks);
        router.get("/api/decisions").handler(this::decisions);
        new RollbackRoutes(rollbacks).mount(router);
        new MigrationRoutes(migrations).mount(router);
        if (drills != null) {
            new DrillRoutes(drills).mount(router);
        }
        if (housekeeping != null) {
            new HousekeepingRoutes(housekeeping).mount(router);
        }
        return vertx.createHttpServer().requestHandler(router).listen(server.port(), server.host())
                .onSuccess(listening -> http = listening);
    }

    /** The port actually bound (differs from the configured one when that is 0). */
    public int port() {
        return http.actualPort();
    }

    private void metrics(RoutingContext ctx) {
        ctx.response().putHeader("Content-Type", metrics.contentType()).end(Buffer.buffer(metrics.scrape()));
    }

    /** {@code GET /runbooks/ALERTNAME.md}: the runbook page an alert's runbook_url links to, as Markdown. */
    private void runbook(RoutingContext ctx) {
        String page = ctx.pathParam("page");
        String alertname = page.endsWith(".md") ? page.substring(0, page.length() - 3) : "";
        vertx.executeBlocking(() -> Runbooks.page(alertname)).onComplete(result -> {
            if (result.succeeded() && result.result().isPresent()) {
                ctx.response().putHeader("Content-Type", "text/markdown; charset=utf-8").end(result.result().get());
            } else {
                json(ctx, 404, new JsonObject().put("error", "no runbook named " + Ids.quote(page)));
            }
        });
    }

    private void ready(RoutingContext ctx) {
        health.readiness().onComplete(result -> {
            if (result.succeeded()) {
                json(ctx, result.result().ready() ? 200 : 503, result.result().body());
            } else {
                json(ctx, 503, new JsonObject().put("status", "not_ready")
                        .put("error", dev.warden.postgres.Failures.describe(result.cause())));
            }
        });
    }

    private void targets(RoutingContext ctx) {
        JsonArray body = new JsonArray();
        targets.forEach(target -> body.add(describe(target)));
        JsonObject listing = new JsonObject().put("targets", body);
        ClusterView view = cluster;
        if (view != null) {
            listing.put("cluster", Health.cluster(view, targets));
        }
        json(ctx, 200, listing);
    }

    /** {@code GET /api/targets/{t}}: one target as {@code GET /api/targets} lists it. */
    private void target(RoutingContext ctx) {
        targets.stream().filter(t -> t.name().equals(ctx.pathParam("target"))).findFirst().ifPresentOrElse(
                target -> json(ctx, 200, describe(target)),
                () -> json(ctx, 404, new JsonObject().put("error", "no target named " + Ids.quote(ctx.pathParam("target")))));
    }

    /**
     * Its connection and its server's connections, restore point, the kind of restore it gets (and its last
     * clone's door) and its decision matrix.
     */
    private JsonObject describe(WatchedTarget target) {
        JsonObject described = Health.describe(target.monitor().status());
        ClusterView view = cluster;
        if (view != null) {
            described.put("owner", view.owner(target.name()).orElse(null));
        }
        return described
                .put("url", target.config().connection().redacted())
                .put("critical_tables", new JsonArray(target.config().criticalTables()))
                .put("server", target.serverJson())
                .put("restore_point", target.snapshots().restorePoint())
                .put("restore", target.snapshots().restore(target.monitor().status().copy()))
                .put("decision_matrix", matrix(matrices.get(target.name())));
    }

    /** Each rule with the strategy that answers it on this target, and why when that is its fallback. */
    private static JsonArray matrix(EffectiveMatrix matrix) {
        JsonArray rows = new JsonArray();
        for (EffectiveMatrix.Row row : matrix.rows()) {
            DecisionRule rule = row.rule();
            rows.add(new JsonObject()
                    .put("issue", name(rule.issue()))
                    .put("severity", name(rule.severity()))
                    .put("strategy", name(row.applied().strategy()))
                    .put("rule_strategy", name(rule.strategy()))
                    .put("fallback", rule.fallback().map(HttpApi::name).orElse(null))
                    .put("fallback_used", row.fallbackUsed())
                    .put("why", row.why())
                    .put("mode", name(rule.mode()))
                    .put("breaches_in_a_row", rule.breachesInARow())
                    .put("time_budget_seconds", rule.timeBudget().toSeconds()));
        }
        return rows;
    }

    private static String name(Enum<?> value) {
        return value.name().toLowerCase();
    }

    private void checks(RoutingContext ctx) {
        targets.stream().filter(t -> t.name().equals(ctx.pathParam("target"))).findFirst().ifPresentOrElse(target -> {
            JsonArray results = new JsonArray();
            target.checks().latest().values().forEach(result -> results.add(CheckJson.of(result)));
            json(ctx, 200, new JsonObject().put("target", target.name()).put("checks", results));
        }, () -> json(ctx, 404, new JsonObject().put("error", "no target named " + Ids.quote(ctx.pathParam("target")))));
    }

    private void decisions(RoutingContext ctx) {
        String target = ctx.queryParams().get("target");
        if (target != null && target.chars().anyMatch(Character::isISOControl)) {
            json(ctx, 400, new JsonObject().put("error", "target: expected a target's name, found " + Ids.quote(target)));
            return;
        }
        decisions.recentSettled(100, target).onComplete(result -> {
            if (result.succeeded()) {
                json(ctx, 200, new JsonObject().put("decisions",
                        new JsonArray(result.result().stream().map(DecisionStore.Settled::toJson).toList())));
            } else if (ApiErrors.unavailable(result.cause())) {
                json(ctx, 503, new JsonObject().put("error", "the state store did not answer: "
                        + dev.warden.postgres.Failures.describe(result.cause())));
            } else {
                ctx.fail(result.cause());
            }
        });
    }

    private static void json(RoutingContext ctx, int status, JsonObject body) {
        ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json").end(body.encode());
    }
}
