package dev.warden.daemon.http;

import dev.warden.config.schema.Durations;
import dev.warden.daemon.drill.DrillReport;
import dev.warden.daemon.drill.Drills;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;

/**
 * {@code warden drill} through the API: {@code POST /api/targets/{target}/drills} opens one (201,
 * answering the scratch copy the command is to run against), {@code POST /api/drills/{id}/finish}
 * with the command's exit code drills the rollbacks and answers the report; {@code GET /api/drills}
 * lists them (newest first, {@code ?target=T}); {@code GET /api/drills/{id}} and
 * {@code GET /api/targets/{target}/drills/last} answer one, each with its Markdown {@code .../report}.
 */
final class DrillRoutes {
    private static final Pattern ID = Pattern.compile("[0-9a-f]{12}");
    private final Drills drills;

    DrillRoutes(Drills drills) {
        this.drills = drills;
    }

    void mount(Router router) {
        router.post("/api/targets/:target/drills").handler(ctx -> Reply.send(ctx, () -> {
            JsonBody body = JsonBody.of(ctx);
            List<String> command = body.strings("command");
            Duration budget = duration("budget", body.string("budget", null));
            Duration clientTimeout = duration("client_timeout", body.string("client_timeout", null));
            return drills.open(ctx.pathParam("target"), command, budget,
                    clientTimeout == null ? Drills.DEFAULT_CLIENT_TIMEOUT : clientTimeout)
                    .map(opened -> new Reply(201, opened));
        }));
        router.post("/api/drills/:id/finish").handler(ctx -> Reply.send(ctx, () -> {
            String id = id(ctx);
            return drills.finish(id, JsonBody.of(ctx).integer("exit_code")).map(Reply::ok);
        }));
        router.get("/api/drills").handler(ctx -> Reply.send(ctx, () -> {
            String target = Ids.targetFilter(ctx);
            return drills.recent(100, target).map(all -> Reply.ok(new JsonObject().put("drills",
                    new JsonArray(all.stream().map(Reply::summary).toList()))));
        }));
        router.get("/api/drills/:id").handler(ctx -> Reply.send(ctx, () -> {
            String id = id(ctx);
            return drills.find(id).map(found -> found.map(Reply::ok).orElseGet(() -> Reply.error(404, "no drill " + id)));
        }));
        router.get("/api/drills/:id/report").handler(ctx -> Reply.send(ctx, () -> {
            String id = id(ctx);
            return drills.find(id).map(found -> Reply.markdown(ctx, found, DrillReport::markdown, "no drill " + id));
        }));
        router.get("/api/targets/:target/drills/last").handler(ctx -> Reply.send(ctx, () -> {
            String target = ctx.pathParam("target");
            return drills.last(target).map(found -> found.map(Reply::ok)
                    .orElseGet(() -> Reply.error(404, noneOn(target))));
        }));
        router.get("/api/targets/:target/drills/last/report").handler(ctx -> Reply.send(ctx, () -> {
            String target = ctx.pathParam("target");
            return drills.last(target).map(found -> Reply.markdown(ctx, found, DrillReport::markdown, noneOn(target)));
        }));
    }

    private static String noneOn(String target) {
        return "no drill on " + target + " yet: warden drill --target " + target + " -- CMD runs one";
    }

    private static Duration duration(String field, String text) {
        if (text == null) {
            return null;
        }
        try {
            Duration parsed = Durations.parse(text);
            if (!parsed.isZero()) {
                return parsed;
            }
        } catch (IllegalArgumentException e) {
            throw JsonBody.bad(field + ": " + e.getMessage() + ", found " + Ids.quote(text));
        }
        throw JsonBody.bad(field + ": expected a duration above 0, found " + Ids.quote(text));
    }

    /** A drill id is 12 hex digits; a 400 otherwise, before it reaches the state store. */
    private static String id(RoutingContext ctx) {
        String id = ctx.pathParam("id");
        if (!ID.matcher(id).matches()) {
            throw JsonBody.bad("drill id: expected 12 hex digits (as warden drill prints), found " + Ids.quote(id));
        }
        return id;
    }
}
