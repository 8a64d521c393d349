package dev.warden.daemon.http;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.Optional;
import java.util.function.Function;

/** A JSON answer of the API; a failure goes to the router's failure handler ({@link ApiErrors}). */
record Reply(int status, JsonObject body) {

    static Reply ok(JsonObject body) {
        return new Reply(200, body);
    }

    static Reply error(int status, String message) {
        return new Reply(status, new JsonObject().put("error", message));
    }

    /**
     * The Markdown {@code render} makes of {@code found}, sent at once (the answer is then null); a 404
     * saying {@code missing} when nothing was found.
     */
    static Reply markdown(RoutingContext ctx, Optional<JsonObject> found, Function<JsonObject, String> render,
                          String missing) {
        if (found.isEmpty()) {
            return error(404, missing);
        }
        ctx.response().putHeader("Content-Type", "text/markdown; charset=utf-8").end(render.apply(found.get()));
        return null;
    }

    /** A run's line in a list: what it is, where, how it ended (a migration's, a drill's). */
    static JsonObject summary(JsonObject report) {
        return new JsonObject().put("id", report.getString("id")).put("target", report.getString("target"))
                .put("status", report.getString("status")).put("reasons", report.getJsonArray("reasons"))
                .put("command", report.getJsonArray("command")).put("opened_at", report.getString("opened_at"))
                .put("finished_at", report.getString("finished_at"));
    }

    /** Sends {@code reply}, or hands its failure to the failure handler. */
    static void send(RoutingContext ctx, Future<Reply> reply) {
        reply.onComplete(done -> {
            if (done.failed()) {
                ctx.fail(done.cause());
            } else if (!ctx.response().ended()) {
                ctx.response().setStatusCode(done.result().status()).putHeader("Content-Type", "application/json")
                        .end(done.result().body().encode());
            }
        });
    }

    /** {@link #send} of what {@code reply} builds, a thrown failure included. */
    static void send(RoutingContext ctx, java.util.function.Supplier<Future<Reply>> reply) {
        Future<Reply> built;
        try {
            built = reply.get();
        } catch (RuntimeException e) {
            built = Future.failedFuture(e);
        }
        send(ctx, built);
    }
}
