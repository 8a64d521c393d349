package dev.warden.daemon.http;

import dev.warden.config.schema.Durations;
import dev.warden.daemon.housekeeping.Housekeeping;
import io.vertx.ext.web.Router;
import java.time.Duration;

/**
 * {@code warden databases} through the API: {@code GET /api/targets/{target}/databases} lists what
 * Warden made beside the target; {@code POST /api/targets/{target}/databases/prune} with
 * {@code {"older_than": "7d", "dry_run": false}} drops old replaced databases and says why others stay.
 */
final class HousekeepingRoutes {
    private final Housekeeping housekeeping;

    HousekeepingRoutes(Housekeeping housekeeping) {
        this.housekeeping = housekeeping;
    }

    void mount(Router router) {
        router.get("/api/targets/:target/databases").handler(ctx -> Reply.send(ctx, () ->
                housekeeping.list(ctx.pathParam("target")).map(Reply::ok)));
        router.post("/api/targets/:target/databases/prune").handler(ctx -> Reply.send(ctx, () -> {
            JsonBody body = JsonBody.of(ctx);
            String text = body.string("older_than", null);
            if (text == null) {
                throw JsonBody.bad("older_than: required, e.g. \"7d\": only replaced databases older than this go");
            }
            return housekeeping.prune(ctx.pathParam("target"), olderThan(text), body.bool("dry_run", false))
                    .map(Reply::ok);
        }));
    }

    private static Duration olderThan(String text) {
        try {
            return Durations.parse(text);
        } catch (IllegalArgumentException e) {
            throw JsonBody.bad("older_than: " + e.getMessage() + ", found " + Ids.quote(text));
        }
    }
}
