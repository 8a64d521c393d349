package dev.warden.daemon.runs;

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

/**
 * A state-store table of runs Warden follows from open to end, one row each: its status and its
 * report as JSON, written whole at every change. {@code warden.migrations} (state script V9, uuid ids)
 * and {@code warden.drills} (V10, 12 hex digits) have the same columns; only their names differ.
 */
public final class RunStore {
    private final Pool pool;
    private final Future<Void> ready;
    private final String table;
    private final String idType;

    private RunStore(Pool pool, Future<Void> ready, String table, String idType) {
        this.pool = pool;
        this.ready = ready;
        this.table = table;
        this.idType = idType;
    }

    public static RunStore migrations(Pool pool, Future<Void> ready) {
        return new RunStore(pool, ready, "warden.migrations", "uuid");
    }

    public static RunStore drills(Pool pool, Future<Void> ready) {
        return new RunStore(pool, ready, "warden.drills", "text");
    }

    /** Writes the run as it stands: inserted the first time, replaced after. */
    public Future<Void> save(JsonObject report) {
        return ready.compose(v -> pool.preparedQuery("INSERT INTO " + table
                        + " (id, target, status, opened_at, finished_at, report) VALUES ($1::text::" + idType
                        + ", $2, $3, $4, $5, $6) ON CONFLICT (id) DO UPDATE SET status = EXCLUDED.status,"
                        + " finished_at = EXCLUDED.finished_at, report = EXCLUDED.report")
                .execute(Tuple.of(report.getString("id"), report.getString("target"), report.getString("status"),
                        time(report.getString("opened_at")), time(report.getString("finished_at")), report))).mapEmpty();
    }

    public Future<Optional<JsonObject>> find(String id) {
        return ready.compose(v -> pool.preparedQuery("SELECT report FROM " + table + " WHERE id = $1::text::" + idType)
                        .execute(Tuple.of(id)))
                .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(report(rows.iterator().next())));
    }

    /** The newest first, of one target or all (null). */
    public Future<List<JsonObject>> recent(int limit, String target) {
        return ready.compose(v -> pool.preparedQuery("SELECT report FROM " + table
                        + " WHERE $1::text IS NULL OR target = $1 ORDER BY opened_at DESC LIMIT $2")
                        .execute(Tuple.of(target, limit)))
                .map(rows -> StreamSupport.stream(rows.spliterator(), false).map(RunStore::report).toList());
    }

    /** The reports of runs still marked running: left by a Warden that stopped while they ran. */
    public Future<List<JsonObject>> running() {
        return ready.compose(v -> pool.query("SELECT report FROM " + table + " WHERE status = 'running'").execute())
                .map(rows -> StreamSupport.stream(rows.spliterator(), false).map(RunStore::report).toList());
    }

    private static JsonObject report(Row row) {
        Object value = row.getValue("report");
        return value instanceof JsonObject json ? json : new JsonObject(String.valueOf(value));
    }

    private static OffsetDateTime time(String text) {
        return text == null ? null : Instant.parse(text).atOffset(ZoneOffset.UTC);
    }
}
