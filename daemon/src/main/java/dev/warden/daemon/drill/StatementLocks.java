package dev.warden.daemon.drill;

import dev.warden.daemon.runs.PeriodicLook;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Which locks each statement of the drill's command held or awaited, and for how long it ran:
 * pg_locks sampled for the sessions named {@code warden-drill-<id>}. Sampled on a session of the
 * scratch copy, so that relations resolve to their names. A statement shorter than a sample's
 * interval may go unseen; the report says the locks were sampled. A parallel worker's locks count
 * as its leader's statement's.
 */
final class StatementLocks {
    static final Duration EVERY = Duration.ofMillis(100);
    private static final String LOCKS = """
            SELECT coalesce(a.leader_pid, a.pid) AS pid, a.query_start, left(a.query, 300) AS statement,
                   extract(epoch FROM clock_timestamp() - a.query_start)::float8 AS running,
                   l.mode, l.granted,
                   CASE WHEN l.relation IS NULL THEN l.locktype
                        WHEN c.oid IS NULL THEN 'relation ' || l.relation || ' (the statement creates it)'
                        ELSE l.relation::regclass::text END AS object
            FROM pg_catalog.pg_stat_activity a
            JOIN pg_catalog.pg_locks l ON l.pid = a.pid
            LEFT JOIN pg_catalog.pg_class c ON c.oid = l.relation
            WHERE a.application_name = $1 AND a.state = 'active' AND l.locktype <> 'virtualxid'
              AND l.locktype <> 'transactionid'""";

    private final PeriodicLook looks;
    private final Pool scratch;
    private final String applicationName;
    private final Map<String, Seen> statements = new LinkedHashMap<>();

    /** One statement as the samples saw it. */
    private static final class Seen {
        final String statement;
        final OffsetDateTime startedAt;
        final TreeSet<String> held = new TreeSet<>();
        final TreeSet<String> awaited = new TreeSet<>();
        double seconds;

        Seen(String statement, OffsetDateTime startedAt) {
            this.statement = statement;
            this.startedAt = startedAt;
        }
    }

    StatementLocks(Vertx vertx, Pool scratch, String applicationName) {
        this.looks = new PeriodicLook(vertx, EVERY, this::look);
        this.scratch = scratch;
        this.applicationName = applicationName;
    }

    void start() {
        looks.start();
    }

    private Future<?> look() {
        return scratch.preparedQuery(LOCKS).execute(Tuple.of(applicationName)).onSuccess(rows -> rows.forEach(this::record));
    }

    private synchronized void record(Row row) {
        String statement = row.getString("statement");
        OffsetDateTime startedAt = row.getOffsetDateTime("query_start");
        Seen seen = statements.computeIfAbsent(row.getInteger("pid") + "@" + startedAt, key -> new Seen(statement, startedAt));
        seen.seconds = Math.max(seen.seconds, row.getDouble("running"));
        String lock = row.getString("mode") + " on " + row.getString("object");
        (row.getBoolean("granted") ? seen.held : seen.awaited).add(lock);
    }

    /** Each statement seen, in order: its text, when it started, how long it ran at least, its locks. */
    synchronized JsonArray toJson() {
        List<JsonObject> all = new ArrayList<>();
        statements.values().forEach(seen -> all.add(new JsonObject().put("statement", seen.statement)
                .put("started_at", seen.startedAt == null ? null : seen.startedAt.toInstant().toString())
                .put("seconds_at_least", Math.round(seen.seconds * 1000) / 1000.0)
                .put("locks_held", new JsonArray(List.copyOf(seen.held)))
                .put("locks_awaited", new JsonArray(List.copyOf(seen.awaited)))));
        return new JsonArray(all);
    }

    Future<Void> close() {
        looks.stop();
        return scratch.close();
    }
}
