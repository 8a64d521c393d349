package dev.warden.daemon.drill;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.stream.StreamSupport;

/** {@code warden.drills} (state script V10): each drill's result and its report. */
final class DrillStore {
    private final Pool pool;
    private final Future<Void> ready;

    DrillStore(Pool pool, Future<Void> ready) {
        this.pool = pool;
        this.ready = ready;
    }

    Future<Void> save(JsonObject report) {
        return ready.compose(v -> pool.preparedQuery("""
                INSERT INTO warden.drills (id, target, status, opened_at, finished_at, report)
                VALUES ($1, $2, $3, $4, $5, $6)
                ON CONFLICT (id) DO UPDATE SET status = EXCLUDED.status, finished_at = EXCLUDED.finished_at,
                    report = EXCLUDED.report""")
                .execute(Tuple.of(report.getString("id"), report.getString("target"), report.getString("status"),
                        time(report.getString("opened_at")), time(report.getString("finished_at")), report))).mapEmpty();
    }

    Future<Optional<JsonObject>> find(String id) {
        return ready.compose(v -> pool.preparedQuery("SELECT report FROM warden.drills WHERE id = $1").execute(Tuple.of(id)))
                .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(report(rows.iterator().next())));
    }

    /** The reports of drills still marked running: interrupted by a Warden that stopped. */
    Future<List<JsonObject>> running() {
        return ready.compose(v -> pool.query("SELECT report FROM warden.drills WHERE status = 'running'").execute())
                .map(rows -> StreamSupport.stream(rows.spliterator(), false).map(DrillStore::report).toList());
    }

    private static JsonObject report(Row row) {
        Object value = row.getValue("report");
        return value instanceof JsonObject json ? json : new JsonObject(String.valueOf(value));
    }

    private static OffsetDateTime time(String text) {
        return text == null ? null : Instant.parse(text).atOffset(ZoneOffset.UTC);
    }
}
