package dev.warden.daemon.http;

import dev.warden.config.schema.Durations;
import dev.warden.daemon.migrate.DeclaredExpectation;
import dev.warden.daemon.migrate.MigrationRefused;
import dev.warden.daemon.migrate.MigrationReport;
import dev.warden.daemon.migrate.MigrationRequest;
import dev.warden.daemon.migrate.Migrations;
import dev.warden.daemon.migrate.Refusal;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * {@code warden migrate} through the API, for the CLI and CI systems: {@code POST
 * /api/targets/{target}/migrations} opens one (201; 409 naming each refusal), {@code POST
 * /api/migrations/{id}/heartbeat} keeps it and answers its progress, {@code POST
 * /api/migrations/{id}/finish} with the command's exit code (and {@code cancelled_by}: the signal, when the
 * operator stopped the command) concludes it and answers the verdict;
 * {@code GET /api/migrations}, {@code GET /api/migrations/{id}} and its Markdown {@code .../report}.
 */
final class MigrationRoutes {
    private static final Pattern SIGNAL = Pattern.compile("SIG[A-Z0-9]{1,10}");
    private final Migrations migrations;

    MigrationRoutes(Migrations migrations) {
        this.migrations = migrations;
    }

    void mount(Router router) {
        router.post("/api/targets/:target/migrations").handler(this::open);
        router.post("/api/migrations/:id/heartbeat").handler(ctx -> Reply.send(ctx, () ->
                migrations.heartbeat(id(ctx)).map(Reply::ok)));
        router.post("/api/migrations/:id/finish").handler(ctx -> Reply.send(ctx, () -> {
            String id = id(ctx);
            JsonBody body = JsonBody.of(ctx);
            int exitCode = body.integer("exit_code");
            String signal = body.string("cancelled_by", null);
            if (signal != null && !SIGNAL.matcher(signal).matches()) {
                throw JsonBody.bad("cancelled_by: expected a signal's name such as SIGINT, found " + Ids.quote(signal));
            }
            return migrations.finish(id, exitCode, signal).map(Reply::ok);
        }));
        router.get("/api/migrations").handler(ctx -> Reply.send(ctx, () -> {
            String target = Ids.targetFilter(ctx);
            return migrations.recent(100, target).map(all -> Reply.ok(new JsonObject().put("migrations",
                    new JsonArray(all.stream().map(Reply::summary).toList()))));
        }));
        router.get("/api/migrations/:id").handler(ctx -> Reply.send(ctx, () -> {
            String id = id(ctx);
            return migrations.find(id).map(found -> found.map(Reply::ok)
                    .orElseGet(() -> Reply.error(404, "no migration " + id)));
        }));
        router.get("/api/migrations/:id/report").handler(this::report);
    }

    private void open(RoutingContext ctx) {
        Reply.send(ctx, () -> migrations.open(request(ctx))
                .map(body -> new Reply(body.getBoolean("dry_run", false) ? 200 : 201, body))
                .recover(e -> e instanceof MigrationRefused refused
                        ? Future.succeededFuture(new Reply(409, new JsonObject().put("error", refused.getMessage())
                                .put("refusals", new JsonArray(refused.refusals().stream().map(Refusal::toJson).toList()))))
                        : Future.failedFuture(e)));
    }

    /** The request, every problem in it named at once (400). */
    private static MigrationRequest request(RoutingContext ctx) {
        JsonBody body = JsonBody.of(ctx);
        List<String> problems = new ArrayList<>();
        List<DeclaredExpectation> expectations = new ArrayList<>();
        for (String text : body.strings("expectations")) {
            try {
                expectations.add(DeclaredExpectation.parse(text));
            } catch (IllegalArgumentException e) {
                problems.add("expectations: " + e.getMessage());
            }
        }
        Duration maxLockWait = duration(body, "max_lock_wait", MigrationRequest.DEFAULT_MAX_LOCK_WAIT, problems);
        Duration clientTimeout = duration(body, "client_timeout", MigrationRequest.DEFAULT_CLIENT_TIMEOUT, problems);
        List<String> command = body.strings("command");
        boolean force = body.bool("force", false);
        boolean dryRun = body.bool("dry_run", false);
        if (!problems.isEmpty()) {
            throw JsonBody.bad(String.join("; ", problems));
        }
        return new MigrationRequest(ctx.pathParam("target"), expectations, maxLockWait, clientTimeout, force, dryRun,
                command);
    }

    private static Duration duration(JsonBody body, String field, Duration absent, List<String> problems) {
        String text = body.string(field, null);
        if (text == null) {
            return absent;
        }
        try {
            Duration parsed = Durations.parse(text);
            if (parsed.isZero()) {
                problems.add(field + ": expected a duration above 0, found " + Ids.quote(text));
            }
            return parsed;
        } catch (IllegalArgumentException e) {
            problems.add(field + ": " + e.getMessage() + ", found " + Ids.quote(text));
            return absent;
        }
    }

    /** A migration id is a UUID; a 400 otherwise, before it reaches the state store. */
    private static String id(RoutingContext ctx) {
        String id = ctx.pathParam("id");
        if (!Ids.isRollbackId(id)) {
            throw JsonBody.bad("migration id: expected a UUID (as GET /api/migrations lists), found " + Ids.quote(id));
        }
        return id;
    }

    private void report(RoutingContext ctx) {
        Reply.send(ctx, () -> {
            String id = id(ctx);
            return migrations.find(id).map(found -> Reply.markdown(ctx, found, MigrationReport::markdown,
                    "no migration " + id));
        });
    }
}
