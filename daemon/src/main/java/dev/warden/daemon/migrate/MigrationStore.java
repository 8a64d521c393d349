package dev.warden.daemon.migrate;

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
import java.util.UUID;
import java.util.stream.StreamSupport;

/** {@code warden.migrations} (state script V9): each run's status and its report. */
final class MigrationStore {
    private final Pool pool;
    private final Future<Void> ready;

    MigrationStore(Pool pool, Future<Void> ready) {
        this.pool = pool;
        this.ready = ready;
    }

    /** Writes the run as it stands: inserted the first time, replaced after. */
    Future<Void> save(JsonObject report) {
        return ready.compose(v -> pool.preparedQuery("""
                INSERT INTO warden.migrations (id, target, status, opened_at, finished_at, report)
                VALUES ($1, $2, $3, $4, $5, $6)
                ON CONFLICT (id) DO UPDATE SET status = EXCLUDED.status, finished_at = EXCLUDED.finished_at,
                    report = EXCLUDED.report""")
                .execute(Tuple.of(UUID.fromString(report.getString("id")), report.getString("target"),
                        report.getString("status"), time(report.getString("opened_at")),
                        time(report.getString("finished_at")), report))).mapEmpty();
    }

    Future<Optional<JsonObject>> find(String id) {
        return ready.compose(v -> pool.preparedQuery("SELECT report FROM warden.migrations WHERE id = $1")
                .execute(Tuple.of(UUID.fromString(id))))
                .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(report(rows.iterator().next())));
    }

    /** The newest first, of one target or all (null). */
    Future<List<JsonObject>> recent(int limit, String target) {
        return ready.compose(v -> pool.preparedQuery("SELECT report FROM warden.migrations"
                + " WHERE $1::text IS NULL OR target = $1 ORDER BY opened_at DESC LIMIT $2")
                .execute(Tuple.of(target, limit)))
                .map(rows -> StreamSupport.stream(rows.spliterator(), false).map(MigrationStore::report).toList());
    }

    /** The reports of runs still marked running: left by a Warden that stopped while they ran. */
    Future<List<JsonObject>> running() {
        return ready.compose(v -> pool.query("SELECT report FROM warden.migrations WHERE status = 'running'").execute())
                .map(rows -> StreamSupport.stream(rows.spliterator(), false).map(MigrationStore::report).toList());
    }

    private static JsonObject report(Row row) {
        Object value = row.getValue("report");
        return value instanceof JsonObject json ? json : new JsonObject(String.valueOf(value));
    }

    private static OffsetDateTime time(String text) {
        return text == null ? null : Instant.parse(text).atOffset(ZoneOffset.UTC);
    }
}
