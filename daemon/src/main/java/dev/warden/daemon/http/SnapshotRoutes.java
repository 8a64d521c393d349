package dev.warden.daemon.http;

import dev.warden.checks.schema.SchemaDiff;
import dev.warden.checks.schema.SchemaFingerprint;
import dev.warden.daemon.watch.WatchedTarget;
import dev.warden.daemon.snapshot.Snapshot;
import dev.warden.daemon.snapshot.SnapshotReason;
import dev.warden.daemon.snapshot.SnapshotService;
import dev.warden.daemon.snapshot.SnapshotSummary;
import dev.warden.rollback.backup.CloneBackup;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/** {@code /api/targets/{target}/snapshots}: list, take, read one, and diff two. */
final class SnapshotRoutes {
    /** A label is a ticket or a few words, not a document. */
    private static final int MAX_LABEL = 200;

    private final Map<String, SnapshotService> byTarget;

    SnapshotRoutes(List<WatchedTarget> targets) {
        this.byTarget = targets.stream().collect(Collectors.toMap(WatchedTarget::name, WatchedTarget::snapshots));
    }

    void mount(Router router) {
        router.get("/api/targets/:target/snapshots").handler(ctx -> withTarget(ctx, this::list));
        router.post("/api/targets/:target/snapshots").handler(ctx -> withTarget(ctx, this::take));
        router.get("/api/targets/:target/snapshots/diff").handler(ctx -> withTarget(ctx, this::diff));
        router.get("/api/targets/:target/snapshots/:id").handler(ctx -> withTarget(ctx, this::one));
    }

    private Future<Reply> list(RoutingContext ctx, SnapshotService service) {
        return service.store().list(service.target().name()).map(all -> Reply.ok(new JsonObject()
                .put("target", service.target().name())
                .put("restore_point", service.restorePoint())
                .put("snapshots", new JsonArray(all.stream().map(SnapshotSummary::toJson).toList()))));
    }

    private Future<Reply> take(RoutingContext ctx, SnapshotService service) {
        JsonBody body = JsonBody.of(ctx);
        String reasonText = body.string("reason", "manual");
        String label = body.string("label", null);
        if (label != null && (label.isBlank() || label.length() > MAX_LABEL || label.chars().anyMatch(Character::isISOControl))) {
            return Future.succeededFuture(Reply.error(400, "label: expected text of 1 to " + MAX_LABEL
                    + " characters without control characters, found " + Ids.quote(label)));
        }
        Optional<SnapshotReason> reason = SnapshotReason.parse(reasonText);
        if (reason.isEmpty()) {
            return Future.succeededFuture(Reply.error(400, "reason: expected one of scheduled, pre-migration, manual,"
                    + " pre-rollback, found " + Ids.quote(reasonText)));
        }
        return service.take(reason.get(), label).map(snapshot -> new Reply(201, withDoor(snapshot.summary().toJson(), snapshot)
                .put("notes", new JsonArray(snapshot.notes()))));
    }

    /** A clone just taken says its restore kind and how long it kept the target's sessions out. */
    private static JsonObject withDoor(JsonObject summary, Snapshot snapshot) {
        if (snapshot.backup() != null && snapshot.backup().details().containsKey(CloneBackup.DOOR_SHUT_MS)) {
            summary.getJsonObject("backup")
                    .put("restore_kind", snapshot.backup().details().get(CloneBackup.RESTORE_KIND))
                    .put("door_shut_ms", Long.parseLong(snapshot.backup().details().get(CloneBackup.DOOR_SHUT_MS)));
        }
        return summary;
    }

    private Future<Reply> one(RoutingContext ctx, SnapshotService service) {
        Long id = number(ctx.pathParam("id"));
        if (id == null) {
            return Future.succeededFuture(Reply.error(400, "snapshot id: expected a number"));
        }
        return service.store().get(service.target().name(), id).map(found -> found.map(Reply::ok)
                .orElseGet(() -> Reply.error(404, "no snapshot " + id + " of " + service.target().name())));
    }

    private Future<Reply> diff(RoutingContext ctx, SnapshotService service) {
        Long from = number(ctx.queryParams().get("from"));
        Long to = number(ctx.queryParams().get("to"));
        if (from == null || to == null) {
            return Future.succeededFuture(Reply.error(400, "expected ?from=ID&to=ID with two snapshot ids"));
        }
        String target = service.target().name();
        Future<Optional<SchemaFingerprint>> before = service.store().schema(target, from);
        Future<Optional<SchemaFingerprint>> after = service.store().schema(target, to);
        return Future.all(before, after).map(both -> {
            if (before.result().isEmpty() || after.result().isEmpty()) {
                return Reply.error(404, "no snapshot " + (before.result().isEmpty() ? from : to) + " of " + target);
            }
            JsonArray changes = new JsonArray();
            SchemaDiff.between(before.result().get(), after.result().get()).forEach(change -> changes.add(new JsonObject()
                    .put("change", change.type().name().toLowerCase())
                    .put("kind", change.object().kind().name().toLowerCase())
                    .put("name", change.object().qualifiedName())
                    .put("details", new JsonArray(change.details()))));
            return Reply.ok(new JsonObject().put("from", from).put("to", to).put("changes", changes));
        });
    }

    private void withTarget(RoutingContext ctx, Handler handler) {
        SnapshotService service = byTarget.get(ctx.pathParam("target"));
        Reply.send(ctx, () -> service == null
                ? Future.succeededFuture(Reply.error(404, "no target named " + Ids.quote(ctx.pathParam("target"))))
                : handler.handle(ctx, service));
    }

    private static Long number(String text) {
        return Ids.snapshotId(text);
    }

    private interface Handler {
        Future<Reply> handle(RoutingContext ctx, SnapshotService service);
    }
}
