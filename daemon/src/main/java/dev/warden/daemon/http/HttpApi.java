package dev.warden.daemon.http;

import dev.warden.config.ServerConfig;
import dev.warden.daemon.metrics.WardenMetrics;
import dev.warden.daemon.WatchedTarget;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.util.List;

/** The HTTP server: {@code /metrics}, {@code /health/*} and the JSON API under {@code /api}. */
public final class HttpApi extends VerticleBase {
    private final ServerConfig server;
    private final WardenMetrics metrics;
    private final Health health;
    private final List<WatchedTarget> targets;
    private HttpServer http;

    public HttpApi(ServerConfig server, WardenMetrics metrics, Health health, List<WatchedTarget> targets) {
        this.server = server;
        this.metrics = metrics;
        this.health = health;
        this.targets = targets;
    }

    @Override
    public Future<?> start() {
        Router router = Router.router(vertx);
        router.get("/metrics").handler(this::metrics);
        router.get("/health/live").handler(ctx -> json(ctx, 200, new JsonObject().put("status", "alive")));
        router.get("/health/ready").handler(this::ready);
        router.route("/api/*").handler(new ApiAuth(server.token(), server.host()));
        router.route("/api/*").handler(BodyHandler.create().setBodyLimit(64 * 1024));
        router.get("/api/targets").handler(this::targets);
        new SnapshotRoutes(targets).mount(router);
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

    private void ready(RoutingContext ctx) {
        health.readiness().onComplete(result -> {
            if (result.succeeded()) {
                json(ctx, result.result().ready() ? 200 : 503, result.result().body());
            } else {
                json(ctx, 503, new JsonObject().put("status", "not_ready").put("error", result.cause().getMessage()));
            }
        });
    }

    private void targets(RoutingContext ctx) {
        JsonArray body = new JsonArray();
        for (WatchedTarget target : targets) {
            body.add(Health.describe(target.monitor().status())
                    .put("url", target.config().connection().redacted())
                    .put("critical_tables", new JsonArray(target.config().criticalTables()))
                    .put("restore_point", target.snapshots().restorePoint()));
        }
        json(ctx, 200, new JsonObject().put("targets", body));
    }

    private static void json(RoutingContext ctx, int status, JsonObject body) {
        ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json").end(body.encode());
    }
}
