package dev.warden.checks.activity;

import dev.warden.checks.activity.ServerActivity.Backend;
import dev.warden.checks.activity.ServerActivity.ExclusiveLock;
import dev.warden.checks.activity.ServerActivity.WantedLock;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a {@link ServerActivity} in one statement. pg_stat_activity and pg_locks are each read once,
 * then filtered in MATERIALIZED CTEs so that pg_blocking_pids(), which briefly takes the lock manager's
 * locks, is called only for the sessions that wait. Neither view takes a lock a migration could hold,
 * and the session's statement_timeout bounds the whole read.
 *
 * <p>{@code pg_locks.waitstart} exists from PostgreSQL 14: it is read through {@code to_jsonb} so that
 * one statement fits every version (null before 14). Relation names are not resolved here: a
 * regclass only means something in its own database, so each target names its own relations.
 */
final class ServerActivityQuery {
    static final int PREVIEW_CHARS = 200;
    /**
     * Words a DDL statement may contain anywhere: a cheap server-side filter for pg_stat_activity, in
     * PostgreSQL's regex dialect ({@code \m}, {@code \M} are word boundaries), run on the whole
     * statement; the migrations' {@code DdlStatements.isDdl} decides.
     */
    static final String DDL_PREFILTER =
            "\\m(alter|create|drop|truncate|reindex|cluster|comment|grant|revoke|lock|refresh|vacuum)\\M";

    private static final String SQL = """
            WITH activity AS MATERIALIZED (
                SELECT a.pid, a.datname, a.backend_type, a.application_name, a.state, a.query, a.query_start,
                       a.xact_start, a.wait_event_type IS NOT DISTINCT FROM 'Lock' AS waiting_on_lock,
                       ($1::boolean OR a.datname = pg_catalog.current_database()) AS in_scope
                  FROM pg_catalog.pg_stat_activity a
                 WHERE a.pid IS DISTINCT FROM pg_catalog.pg_backend_pid()
            ),
            locks AS MATERIALIZED (
                SELECT l.pid, d.datname, l.locktype, l.mode, l.granted, l.relation::bigint AS relation,
                       CASE WHEN l.locktype = 'advisory' AND l.objsubid = 1
                            THEN (l.classid::bigint << 32) | l.objid::bigint END AS advisory_key,
                       CASE WHEN NOT l.granted THEN (pg_catalog.to_jsonb(l) ->> 'waitstart')::timestamptz END AS waitstart
                  FROM pg_catalog.pg_locks l
                  LEFT JOIN pg_catalog.pg_database d ON d.oid = l.database
                 WHERE l.pid IS DISTINCT FROM pg_catalog.pg_backend_pid()
                   AND (NOT l.granted OR l.locktype IN ('advisory', 'relation'))
            ),
            waiters AS MATERIALIZED (
                SELECT w.pid, w.waitstart, w.wanted, pg_catalog.pg_blocking_pids(w.pid) AS blockers
                  FROM (SELECT l.pid, min(l.waitstart) AS waitstart,
                               jsonb_agg(DISTINCT jsonb_build_object('mode', l.mode, 'locktype', l.locktype,
                                                                     'relation', l.relation)) AS wanted
                          FROM locks l JOIN activity a ON a.pid = l.pid AND a.in_scope
                         WHERE NOT l.granted
                         GROUP BY l.pid) w
            ),
            candidates AS MATERIALIZED (
                SELECT * FROM (
                    SELECT a.pid, a.datname,
                           a.state IS DISTINCT FROM 'idle' AND a.query ~* $2 AS ddl_like,
                           EXISTS (SELECT 1 FROM locks l WHERE l.pid = a.pid AND l.granted AND l.locktype = 'advisory'
                                      AND l.datname = a.datname) AS holds_advisory
                      FROM activity a
                     WHERE a.in_scope AND a.backend_type = 'client backend') c
                 WHERE c.ddl_like OR c.holds_advisory
            )
            SELECT (extract(epoch FROM pg_catalog.clock_timestamp()) * 1000000)::bigint AS read_at,
                   pg_catalog.current_setting('server_version_num')::int AS server_version,
                   pg_catalog.current_database() AS reader_database,
                   (SELECT json_agg(json_build_object(
                           'pid', a.pid, 'datname', a.datname, 'backend_type', a.backend_type,
                           'application_name', a.application_name, 'state', a.state, 'query', left(a.query, %d),
                           'query_start', (extract(epoch FROM a.query_start) * 1000000)::bigint,
                           'xact_start', (extract(epoch FROM a.xact_start) * 1000000)::bigint,
                           'waiting_on_lock', a.waiting_on_lock,
                           'waiter', w.pid IS NOT NULL,
                           'waitstart', (extract(epoch FROM w.waitstart) * 1000000)::bigint,
                           'wanted', w.wanted, 'blockers', w.blockers,
                           'candidate', c.pid IS NOT NULL, 'ddl_like', coalesce(c.ddl_like, false),
                           'holds_advisory', coalesce(c.holds_advisory, false),
                           'advisory_keys', CASE WHEN c.pid IS NOT NULL THEN
                               (SELECT json_agg(l.advisory_key) FROM locks l
                                 WHERE l.pid = a.pid AND l.granted AND l.locktype = 'advisory'
                                   AND l.advisory_key IS NOT NULL AND l.datname = a.datname) END,
                           'relations', CASE WHEN c.pid IS NOT NULL THEN
                               (SELECT json_agg(DISTINCT l.relation) FROM locks l
                                 WHERE l.pid = a.pid AND l.locktype = 'relation' AND l.datname = a.datname) END)
                           ORDER BY a.pid)
                      FROM activity a
                      LEFT JOIN waiters w ON w.pid = a.pid
                      LEFT JOIN candidates c ON c.pid = a.pid
                     WHERE w.pid IS NOT NULL OR c.pid IS NOT NULL
                        OR a.pid IN (SELECT unnest(blockers) FROM waiters)) AS backends,
                   (SELECT json_agg(json_build_object('datname', l.datname, 'relation', l.relation, 'pid', l.pid,
                                                      'granted', l.granted))
                      FROM locks l
                     WHERE l.locktype = 'relation' AND l.mode = 'AccessExclusiveLock'
                       AND ($1::boolean OR l.datname = pg_catalog.current_database())) AS exclusive_locks
            """.formatted(PREVIEW_CHARS);

    private ServerActivityQuery() {
    }

    /** @param allDatabases every database of the server, or only the reading session's */
    static Future<ServerActivity> read(SqlClient client, boolean allDatabases) {
        return client.preparedQuery(SQL).execute(Tuple.of(allDatabases, DDL_PREFILTER))
                .map(rows -> toActivity(rows.iterator().next()));
    }

    private static ServerActivity toActivity(Row row) {
        List<Backend> backends = new ArrayList<>();
        for (Object each : array(row.getValue("backends"))) {
            backends.add(toBackend((JsonObject) each));
        }
        List<ExclusiveLock> exclusive = new ArrayList<>();
        for (Object each : array(row.getValue("exclusive_locks"))) {
            JsonObject lock = (JsonObject) each;
            Integer pid = lock.getInteger("pid");
            exclusive.add(new ExclusiveLock(lock.getString("datname"), lock.getLong("relation"),
                    pid == null ? 0 : pid, lock.getBoolean("granted")));
        }
        return new ServerActivity(row.getLong("read_at"), row.getInteger("server_version"),
                row.getString("reader_database"), backends, exclusive);
    }

    private static Backend toBackend(JsonObject b) {
        List<WantedLock> wanted = new ArrayList<>();
        for (Object each : array(b.getValue("wanted"))) {
            JsonObject lock = (JsonObject) each;
            wanted.add(new WantedLock(lock.getString("mode"), lock.getString("locktype"), lock.getLong("relation")));
        }
        return new Backend(b.getInteger("pid"), b.getString("datname"), b.getString("backend_type"),
                b.getString("application_name"), b.getString("state"), b.getString("query"),
                b.getLong("query_start"), b.getLong("xact_start"), b.getBoolean("waiting_on_lock"),
                b.getBoolean("waiter"), b.getLong("waitstart"), wanted, integers(b.getValue("blockers")),
                b.getBoolean("candidate"), b.getBoolean("ddl_like"), b.getBoolean("holds_advisory"),
                longs(b.getValue("advisory_keys")), longs(b.getValue("relations")));
    }

    private static JsonArray array(Object value) {
        return value instanceof JsonArray array ? array : new JsonArray();
    }

    private static List<Integer> integers(Object value) {
        List<Integer> values = new ArrayList<>();
        for (Object each : array(value)) {
            if (each instanceof Number number) {
                values.add(number.intValue());
            }
        }
        return values;
    }

    private static List<Long> longs(Object value) {
        List<Long> values = new ArrayList<>();
        for (Object each : array(value)) {
            if (each instanceof Number number) {
                values.add(number.longValue());
            }
        }
        return values;
    }
}
