package dev.warden.checks.builtin;

import dev.warden.checks.migrations.StatementPreview;
import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Reads, in one query, the sessions of the current database that wait for a lock and those that
 * block them. pg_blocking_pids() briefly takes the lock manager's locks, so it is called only for the
 * waiting backends (a MATERIALIZED CTE keeps the planner from calling it for every row).
 *
 * <p>PostgreSQL 14+ records when a wait began ({@code pg_locks.waitstart}); older servers only say
 * when the statement began ({@code pg_stat_activity.query_start}), an upper bound of the wait.
 * waitstart can also be null for a moment after a wait begins: then query_start stands in.
 */
final class LockGraph {
    static final int PREVIEW_CHARS = 200;
    static final int MAX_SESSIONS = 500;

    private static final String SQL = """
            WITH here AS (
                SELECT pid FROM pg_catalog.pg_stat_activity
                 WHERE datname = current_database() AND pid <> pg_catalog.pg_backend_pid()
            ),
            waiting AS MATERIALIZED (
                SELECT l.pid, %s AS waitstart,
                       string_agg(DISTINCT l.mode || ' on ' || coalesce(l.relation::regclass::text, l.locktype), ', ') AS wanted
                  FROM pg_catalog.pg_locks l
                 WHERE NOT l.granted AND l.pid IN (SELECT pid FROM here)
                 GROUP BY l.pid
            ),
            blocked AS MATERIALIZED (
                SELECT w.pid, w.waitstart, w.wanted, pg_catalog.pg_blocking_pids(w.pid) AS blockers FROM waiting w
            )
            SELECT a.pid, b.pid IS NOT NULL AS waiting,
                   extract(epoch FROM clock_timestamp() - coalesce(b.waitstart, a.query_start))::float8 AS wait_seconds,
                   b.waitstart IS NOT NULL AS exact_wait,
                   coalesce(extract(epoch FROM clock_timestamp() - a.xact_start), 0)::float8 AS xact_seconds,
                   a.state, left(a.query, %d) AS statement, b.wanted, b.blockers
              FROM pg_catalog.pg_stat_activity a
              LEFT JOIN blocked b ON b.pid = a.pid
             WHERE b.pid IS NOT NULL OR a.pid IN (SELECT unnest(blockers) FROM blocked)
             ORDER BY a.pid
             LIMIT %d
            """;

    private final String sql;
    private final boolean exactWaits;

    private LockGraph(boolean exactWaits) {
        this.exactWaits = exactWaits;
        this.sql = SQL.formatted(exactWaits ? "min(l.waitstart)" : "NULL::timestamptz", PREVIEW_CHARS, MAX_SESSIONS);
    }

    /** The query for a server of this version ({@code server_version_num}). */
    static LockGraph forServer(int versionNum) {
        return new LockGraph(versionNum >= 140000);
    }

    boolean exactWaits() {
        return exactWaits;
    }

    Future<List<LockSession>> read(SqlClient client) {
        return client.query(sql).execute().map(rows -> {
            List<LockSession> sessions = new ArrayList<>();
            for (Row row : rows) {
                sessions.add(toSession(row));
            }
            return sessions;
        });
    }

    private static LockSession toSession(Row row) {
        boolean waiting = row.getBoolean("waiting");
        Integer[] blockers = row.getArrayOfIntegers("blockers");
        Double wait = row.getDouble("wait_seconds");
        return new LockSession(row.getInteger("pid"), waiting, waiting && wait != null ? wait : 0,
                row.getBoolean("exact_wait"), row.getDouble("xact_seconds"), row.getString("state"),
                StatementPreview.redact(row.getString("statement")), row.getString("wanted"),
                blockers == null ? List.of() : Arrays.stream(blockers).filter(Objects::nonNull).toList());
    }
}
