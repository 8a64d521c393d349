package dev.warden.rollback.decision;

import dev.warden.config.IssueType;
import dev.warden.config.Severity;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Incidents in Warden's state database. At most one is open per target (a unique index), so Wardens
 * that decide on the same breach open one incident between them and join it.
 */
public final class IncidentStore {
    private static final String COLUMNS = "id, target, check_name, issue, severity, opened_at, closed_at, closed_because";

    private final Pool pool;
    private final Future<Void> ready;

    /** {@code ready} completes when the state schema is in place; every operation waits for it. */
    public IncidentStore(Pool pool, Future<Void> ready) {
        this.pool = pool;
        this.ready = ready;
    }

    /** The target's open incident, opened now with this breach when it has none. */
    public Future<Incident> openOrJoin(String target, String check, IssueType issue, Severity severity, Instant at) {
        return ready.compose(v -> pool.preparedQuery("""
                        INSERT INTO warden.incidents (id, target, check_name, issue, severity, opened_at)
                        VALUES ($1, $2, $3, $4, $5, $6)
                        ON CONFLICT (target) WHERE closed_at IS NULL DO NOTHING""")
                        .execute(Tuple.of(UUID.randomUUID(), target, check, name(issue), name(severity), utc(at))))
                .compose(v -> open(target))
                // Closed by another Warden between the insert and the read: open the next one.
                .compose(open -> open.map(Future::succeededFuture)
                        .orElseGet(() -> openOrJoin(target, check, issue, severity, at)));
    }

    public Future<Optional<Incident>> open(String target) {
        return ready.compose(v -> pool.preparedQuery("SELECT " + COLUMNS
                        + " FROM warden.incidents WHERE target = $1 AND closed_at IS NULL").execute(Tuple.of(target)))
                .map(IncidentStore::first);
    }

    public Future<Optional<Incident>> find(String id) {
        return ready.compose(v -> pool.preparedQuery("SELECT " + COLUMNS + " FROM warden.incidents WHERE id = $1")
                        .execute(Tuple.of(UUID.fromString(id))))
                .map(IncidentStore::first);
    }

    /** Closes the incident if it is still open; the closed incident, or empty when it was not open. */
    public Future<Optional<Incident>> close(String id, String because, Instant at) {
        return ready.compose(v -> pool.preparedQuery("UPDATE warden.incidents SET closed_at = $2, closed_because = $3"
                        + " WHERE id = $1 AND closed_at IS NULL RETURNING " + COLUMNS)
                        .execute(Tuple.of(UUID.fromString(id), utc(at), because)))
                .map(IncidentStore::first);
    }

    /** Closes the target's open incident if {@code check} opened it. */
    public Future<Optional<Incident>> closeOpenedBy(String target, String check, String because, Instant at) {
        return ready.compose(v -> pool.preparedQuery("UPDATE warden.incidents SET closed_at = $3, closed_because = $4"
                        + " WHERE target = $1 AND check_name = $2 AND closed_at IS NULL RETURNING " + COLUMNS)
                        .execute(Tuple.of(target, check, utc(at), because)))
                .map(IncidentStore::first);
    }

    /** The newest incidents first, at most {@code limit}. */
    public Future<List<Incident>> recent(int limit) {
        return ready.compose(v -> pool.preparedQuery("SELECT " + COLUMNS
                        + " FROM warden.incidents ORDER BY opened_at DESC LIMIT $1").execute(Tuple.of(limit)))
                .map(rows -> {
                    List<Incident> out = new ArrayList<>();
                    rows.forEach(row -> out.add(incident(row)));
                    return out;
                });
    }

    private static Optional<Incident> first(RowSet<Row> rows) {
        return rows.size() == 0 ? Optional.empty() : Optional.of(incident(rows.iterator().next()));
    }

    private static Incident incident(Row row) {
        OffsetDateTime closed = row.getOffsetDateTime("closed_at");
        return new Incident(row.getUUID("id").toString(), row.getString("target"), row.getString("check_name"),
                IssueType.valueOf(row.getString("issue").toUpperCase()),
                Severity.valueOf(row.getString("severity").toUpperCase()),
                row.getOffsetDateTime("opened_at").toInstant(), closed == null ? null : closed.toInstant(),
                row.getString("closed_because"));
    }

    private static OffsetDateTime utc(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    private static String name(Enum<?> value) {
        return value.name().toLowerCase();
    }
}
